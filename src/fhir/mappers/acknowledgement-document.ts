import type { DocumentReference, Extension } from '@medplum/fhirtypes';
import type { DeliveryChannel } from '../../domain/referrals/delivery-route';
import { METBRIDGE_CANONICAL } from '../canonical';
import { PHYSICAL_ACTIVITY_CATEGORY } from './codings';
import { MET_REFERRAL_OUTPUT_SYSTEM } from './referral-task';

/**
 * The referral acknowledgement letter as a DocumentReference: the PDF inline (`content.attachment`
 * with size and SHA-1), about the client, authored by the practice (and the trainer who
 * accepted), in the context of the referral's ServiceRequest and Task, and the channel it is
 * delivered to the referring physician by. Where that delivery stands changes after the document
 * is written (a Direct message is sent, then acknowledged; a fax copy is downloaded), so it is
 * not copied here: the practice API reads it from the delivery tables.
 * @see https://hl7.org/fhir/R4/documentreference.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */

/** DocumentReference: the channel a document goes to its recipient by (valueCode `fhir` | `direct` | `download`). */
export const DELIVERY_CHANNEL_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/delivery-channel`;

export interface AcknowledgementDocumentInput {
  pdf: { base64: string; size: number; sha1Base64: string };
  title: string;
  description: string;
  /** The instant of the accept. */
  date: string;
  patientId?: string;
  organizationId: string;
  trainerPractitionerId?: string;
  serviceRequestId?: string;
  taskId: string;
  channel: DeliveryChannel;
}

export function acknowledgementDocument(input: AcknowledgementDocumentInput): DocumentReference {
  const delivery: Extension[] = [{ url: DELIVERY_CHANNEL_EXTENSION, valueCode: input.channel }];
  return {
    resourceType: 'DocumentReference',
    extension: delivery,
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [{ system: MET_REFERRAL_OUTPUT_SYSTEM, code: 'acknowledgement-letter', display: 'Referral acknowledgement letter' }],
      text: 'Referral acknowledgement letter',
    },
    category: [PHYSICAL_ACTIVITY_CATEGORY],
    ...(input.patientId ? { subject: { reference: `Patient/${input.patientId}` } } : {}),
    date: input.date,
    author: [
      { reference: `Organization/${input.organizationId}` },
      ...(input.trainerPractitionerId ? [{ reference: `Practitioner/${input.trainerPractitionerId}` }] : []),
    ],
    custodian: { reference: `Organization/${input.organizationId}` },
    description: input.description,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: 'en-US',
          data: input.pdf.base64,
          size: input.pdf.size,
          hash: input.pdf.sha1Base64,
          title: input.title,
          creation: input.date,
        },
      },
    ],
    context: {
      related: [
        ...(input.serviceRequestId ? [{ reference: `ServiceRequest/${input.serviceRequestId}` }] : []),
        { reference: `Task/${input.taskId}` },
      ],
    },
  };
}

/** The channel the document goes to its recipient by, as recorded on it. */
export function deliveryChannelOf(document: DocumentReference): string | undefined {
  return document.extension?.find((extension) => extension.url === DELIVERY_CHANNEL_EXTENSION)?.valueCode;
}
