import type { Condition, Organization, Practitioner, Task } from '@medplum/fhirtypes';
import { acknowledgementLetter, type AcknowledgementFacts } from '../../domain/referrals/acknowledgement-letter';
import { acknowledgementSummary } from '../../domain/referrals/acknowledgement-summary';
import { renderAcknowledgementLetter } from '../../documents/referral-acknowledgement';
import { acknowledgementDocument } from '../../fhir/mappers/acknowledgement-document';
import type { Practice } from '../../db/practice-repository';
import { actorReference, type Principal } from '../auth/principal';
import { deliveryRouteOf } from '../delivery/delivery-route-of';
import { documentMessage } from '../delivery/document-message';
import { sendDocument } from '../delivery/send-document';
import type { PracticeWriter, Stored } from '../practice/practice-context';
import { localAddress, referralParts } from './referral-store';
import { conceptText, practitionerName, referringPhysicianOf, requestedEndOf, requestedStartOf } from './referral-view';

/**
 * The acknowledgement a referring physician gets when the practice accepts: the letter as a PDF
 * (the document primitives of `src/documents/`), stored as a DocumentReference through the
 * accept's writer — so it has its Provenance and commits with the accept or not at all — and
 * sent to the physician by their channel (src/domain/referrals/delivery-route.ts): by FHIR the
 * EHR reads it from the Task's output; by Direct a message (the letter as text, the PDF, and a
 * Bundle of the DocumentReference and the Task) is queued in the accept's transaction; for
 * download it waits for the practice to fetch and fax it.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */

export interface Acknowledgement {
  documentReferenceId: string;
  /** Sends the letter, once the Task that links to it is written (same transaction). */
  send(task: Stored<Task>): Promise<void>;
}

/**
 * Writes the acknowledgement of `task` (as it is being accepted) through `writer`. `practice` is
 * read by the caller before the transaction: every read inside it goes through the writer's store.
 */
export async function acknowledgeReferral(
  writer: PracticeWriter,
  practice: Practice,
  principal: Principal,
  task: Stored<Task>,
  acceptedAt: Date,
  /** `PUBLIC_URL + "/fhir"`, for the Bundle the letter is sent with. */
  fhirBase: string,
): Promise<Acknowledgement> {
  const store = writer.store;
  const parts = await referralParts(store, [task]);
  const patient = task.for?.reference ? parts.patients.get(task.for.reference) : undefined;
  const request = task.focus?.reference ? parts.serviceRequests.get(task.focus.reference) : undefined;
  const physicianReference = referringPhysicianOf(task, request);
  const physician = physicianReference?.reference ? parts.practitioners.get(physicianReference.reference) : undefined;
  const organization = await readJson<Organization>(store, 'Organization', practice.organizationId);
  const trainer = principal.actor.kind === 'user' ? await readJson<Practitioner>(store, 'Practitioner', principal.actor.practitionerId) : undefined;
  const reasons = await reasonTexts(writer, request);

  const acceptedOn = acceptedAt.toISOString().slice(0, 10);
  const patientName = patient?.name?.find((name) => name.use === 'official') ?? patient?.name?.[0];
  const telecom = (system: string) => organization?.telecom?.find((point) => point.system === system)?.value;
  const startsOn = requestedStartOf(request);
  const endsOn = requestedEndOf(request);
  const requestedService = conceptText(request?.code);
  const acceptedBy = trainer ? practitionerName(trainer) : undefined;
  const facts: AcknowledgementFacts = {
    practice: {
      name: practice.name,
      ...(practice.npi ? { npi: practice.npi } : {}),
      ...(telecom('phone') ? { phone: telecom('phone')! } : {}),
      ...(practice.directAddress ? { directAddress: practice.directAddress } : {}),
    },
    physician: { name: (physician && practitionerName(physician)) ?? physicianReference?.display ?? 'Referring physician' },
    client: {
      name: patientName ? [...(patientName.given ?? []), patientName.family ?? ''].join(' ').trim() : 'the referred client',
      ...(patient?.birthDate ? { birthDate: patient.birthDate } : {}),
    },
    acceptedOn,
    ...(startsOn ? { startsOn } : {}),
    ...(endsOn ? { endsOn } : {}),
    ...(requestedService ? { requestedService } : {}),
    reasons,
    ...(acceptedBy ? { acceptedBy } : {}),
  };
  const letter = acknowledgementLetter(facts);
  const pdf = await renderAcknowledgementLetter({ letter, practiceName: practice.name, createdAt: acceptedAt });
  const routing = await deliveryRouteOf(writer.repositories, practice.id, task, request);
  const document = await writer.create(
    acknowledgementDocument({
      pdf: await pdfAttachmentData(pdf),
      title: 'Referral acknowledgement.pdf',
      description: `Referral acknowledgement to ${facts.physician.name} for ${facts.client.name}`,
      date: acceptedAt.toISOString(),
      ...(patient ? { patientId: patient.id } : {}),
      organizationId: practice.organizationId,
      ...(principal.actor.kind === 'user' ? { trainerPractitionerId: principal.actor.practitionerId } : {}),
      ...(request ? { serviceRequestId: request.id } : {}),
      taskId: task.id,
      channel: routing.route.channel,
    }),
  );
  const agent = actorReference(principal.actor);
  return {
    documentReferenceId: document.id,
    send: (written) =>
      sendDocument(writer.repositories, {
        practiceId: practice.id,
        resourceType: 'DocumentReference',
        resourceId: document.id,
        routing,
        agent: agent.reference ?? agent.display,
        now: acceptedAt,
        message: async () =>
          documentMessage({
            // The relay sees the outer Subject: the client is named only inside the encrypted message.
            subject: `Referral accepted by ${practice.name}: acknowledgement letter`,
            summary: acknowledgementSummary(letter),
            pdf,
            pdfFilename: 'referral-acknowledgement.pdf',
            resources: [document, written],
            fhirBase,
            at: acceptedAt,
          }),
      }),
  };
}

async function reasonTexts(writer: PracticeWriter, request: { reasonCode?: Condition['code'][]; reasonReference?: { reference?: string }[] } | undefined): Promise<string[]> {
  const texts = (request?.reasonCode ?? []).flatMap((concept) => conceptText(concept) ?? []);
  for (const reference of request?.reasonReference ?? []) {
    const address = localAddress(reference.reference, 'Condition');
    const condition = address ? await readJson<Condition>(writer.store, 'Condition', address.slice('Condition/'.length)) : undefined;
    const text = conceptText(condition?.code);
    if (text) texts.push(text.toLowerCase() === text ? text : text[0]!.toLowerCase() + text.slice(1));
  }
  return texts;
}

async function readJson<T>(store: PracticeWriter['store'], type: string, id: string): Promise<(T & { id: string }) | undefined> {
  const stored = await store.read(type, id);
  return stored?.json ? (JSON.parse(stored.json) as T & { id: string }) : undefined;
}

/** Base64, size and SHA-1 (base64) of a PDF, as `Attachment` carries them. @see https://hl7.org/fhir/R4/datatypes.html#Attachment */
async function pdfAttachmentData(pdf: Uint8Array): Promise<{ base64: string; size: number; sha1Base64: string }> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new Uint8Array(pdf)));
  return { base64: toBase64(pdf), size: pdf.byteLength, sha1Base64: toBase64(digest) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
