import type { Condition, Organization, Practitioner, Task } from '@medplum/fhirtypes';
import { acknowledgementLetter, type AcknowledgementFacts } from '../../domain/referrals/acknowledgement-letter';
import { renderAcknowledgementLetter } from '../../documents/referral-acknowledgement';
import { acknowledgementDocument, type DeliveryChannel, type DeliveryState } from '../../fhir/mappers/acknowledgement-document';
import { channelOf } from '../../fhir/mappers/referral-task';
import type { Practice } from '../../db/practice-repository';
import type { Principal } from '../auth/principal';
import type { PracticeWriter, Stored } from '../practice/practice-context';
import { localAddress, referralParts } from './referral-store';
import { conceptText, practitionerName, referringPhysicianOf, requestedEndOf, requestedStartOf } from './referral-view';

/**
 * The acknowledgement a referring physician gets when the practice accepts: the letter as a PDF
 * (the document primitives of `src/documents/`), stored as a DocumentReference through the
 * accept's writer — so it has its Provenance and commits with the accept or not at all — and
 * how it reaches the physician: by FHIR when the referral came by FHIR (the EHR reads it from
 * the Task's output), otherwise left pending for download or fax until Direct delivery is wired
 * to the practice's outbox.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */

export interface Acknowledgement {
  documentReferenceId: string;
  delivery: { channel: DeliveryChannel; state: DeliveryState };
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
  const delivery = deliveryFor(task);
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
      delivery,
    }),
  );
  return { documentReferenceId: document.id, delivery };
}

/** FHIR for referrals that came by FHIR; Direct ones wait for download or fax until Direct delivery is available here. */
function deliveryFor(task: Task): Acknowledgement['delivery'] {
  return (channelOf(task) ?? 'fhir') === 'fhir' ? { channel: 'fhir', state: 'available' } : { channel: 'download', state: 'pending' };
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
