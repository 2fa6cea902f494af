import type { DocumentReference, Extension } from '@medplum/fhirtypes';
import { METBRIDGE_CANONICAL } from '../canonical';
import { PHYSICAL_ACTIVITY_CATEGORY } from './codings';
import { MET_REFERRAL_OUTPUT_SYSTEM } from './referral-task';

/**
 * The referral acknowledgement letter as a DocumentReference: the PDF inline (`content.attachment`
 * with size and SHA-1), about the client, authored by the practice (and the trainer who
 * accepted), in the context of the referral's ServiceRequest and Task, and how it is delivered
 * to the referring physician.
 * @see https://hl7.org/fhir/R4/documentreference.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */

/** DocumentReference: the channel a document goes to its recipient by (valueCode `fhir` | `direct` | `download`). */
export const DELIVERY_CHANNEL_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/delivery-channel`;
/** DocumentReference: where its delivery stands (valueCode `available` | `pending` | `sent` | `failed`). */
export const DELIVERY_STATE_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/delivery-state`;

export type DeliveryChannel = 'fhir' | 'direct' | 'download';
/** `available`: on MetBridge for the recipient to read; `pending`: waiting to go out (or to be fetched for fax). */
export type DeliveryState = 'available' | 'pending' | 'sent' | 'failed';

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
  delivery: { channel: DeliveryChannel; state: DeliveryState };
}

export function acknowledgementDocument(input: AcknowledgementDocumentInput): DocumentReference {
  const delivery: Extension[] = [
    { url: DELIVERY_CHANNEL_EXTENSION, valueCode: input.delivery.channel },
    { url: DELIVERY_STATE_EXTENSION, valueCode: input.delivery.state },
  ];
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

/** How the document goes to its recipient, as recorded on it. */
export function deliveryOf(document: DocumentReference): { channel?: string; state?: string } {
  const code = (url: string) => document.extension?.find((extension) => extension.url === url)?.valueCode;
  return { channel: code(DELIVERY_CHANNEL_EXTENSION), state: code(DELIVERY_STATE_EXTENSION) };
}
