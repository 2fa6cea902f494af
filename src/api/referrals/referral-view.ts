import type { Annotation, Patient, Practitioner, Reference, ServiceRequest, Task } from '@medplum/fhirtypes';
import { z } from 'zod';
import { channelOf, isTriaged, MET_REFERRAL_OUTPUT_SYSTEM } from '../../fhir/mappers/referral-task';
import { REFERRAL_TASK_STATUSES } from '../../fhir/validation/referral-task-states';
import type { Stored } from '../practice/practice-context';

/**
 * A referral as the practice API shows it: the Task's status and progress, with the client, the
 * referring physician and the request it is about, read from the resources the Task points at.
 */

const note = z.object({ text: z.string(), author: z.string().optional(), time: z.string().optional() });

export const referralSchema = z.object({
  id: z.uuid().describe('The Task id.'),
  version: z.number().int().describe('The Task version this view was read at.'),
  status: z.enum(REFERRAL_TASK_STATUSES),
  statusReason: z.string().optional(),
  businessStatus: z.string().optional().describe('Interim progress, e.g. "8 of 12 sessions attended".'),
  needsTriage: z.boolean().describe('The referred person could not be matched to a client safely; a person must decide.'),
  receivedVia: z.enum(['fhir', 'direct']).optional(),
  client: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), birthDate: z.string().optional() }).optional(),
  referringPhysician: z.object({ reference: z.string().optional(), name: z.string().optional() }).optional(),
  serviceRequestId: z.string().optional(),
  requestedService: z.string().optional(),
  requestedStart: z.string().optional().describe('When the referral asks the program to start.'),
  authoredOn: z.string().optional(),
  lastModified: z.string().optional(),
  notes: z.array(note),
  acknowledgementId: z.string().optional().describe('The DocumentReference id of the acknowledgement letter, once accepted.'),
});

export type ReferralView = z.infer<typeof referralSchema>;

/** The resources a Task points at, by `Type/id`, as far as they are on MetBridge. */
export interface ReferralParts {
  patients: ReadonlyMap<string, Stored<Patient>>;
  serviceRequests: ReadonlyMap<string, Stored<ServiceRequest>>;
  practitioners: ReadonlyMap<string, Stored<Practitioner>>;
}

export function referralView(task: Stored<Task>, parts: ReferralParts): ReferralView {
  const patient = task.for?.reference ? parts.patients.get(task.for.reference) : undefined;
  const request = task.focus?.reference ? parts.serviceRequests.get(task.focus.reference) : undefined;
  const physician = referringPhysicianOf(task, request);
  const practitioner = physician?.reference ? parts.practitioners.get(physician.reference) : undefined;
  const physicianName = practitioner ? practitionerName(practitioner) : physician?.display;
  const acknowledgement = task.output?.find((output) => output.type?.coding?.some((coding) => coding.system === MET_REFERRAL_OUTPUT_SYSTEM));
  const channel = channelOf(task);
  const start = requestedStartOf(request);
  const name = patient?.name?.find((candidate) => candidate.use === 'official') ?? patient?.name?.[0];
  return {
    id: task.id,
    version: Number(task.meta?.versionId ?? 0),
    status: task.status as ReferralView['status'],
    ...(task.statusReason?.text ? { statusReason: task.statusReason.text } : {}),
    ...(task.businessStatus?.text ? { businessStatus: task.businessStatus.text } : {}),
    needsTriage: isTriaged(task),
    ...(channel ? { receivedVia: channel } : {}),
    ...(patient
      ? { client: { id: patient.id, firstName: name?.given?.join(' ') ?? '', lastName: name?.family ?? '', ...(patient.birthDate ? { birthDate: patient.birthDate } : {}) } }
      : {}),
    ...(physician ? { referringPhysician: { ...(physician.reference ? { reference: physician.reference } : {}), ...(physicianName ? { name: physicianName } : {}) } } : {}),
    ...(request ? { serviceRequestId: request.id } : {}),
    ...(conceptText(request?.code) ? { requestedService: conceptText(request?.code)! } : {}),
    ...(start ? { requestedStart: start } : {}),
    ...(task.authoredOn ? { authoredOn: task.authoredOn } : {}),
    ...(task.lastModified ? { lastModified: task.lastModified } : {}),
    notes: (task.note ?? []).map(noteView),
    ...(acknowledgement?.valueReference?.reference ? { acknowledgementId: acknowledgement.valueReference.reference.replace(/^DocumentReference\//, '') } : {}),
  };
}

/** Who referred: the Task's requester, or the ServiceRequest's. */
export function referringPhysicianOf(task: Task, request: ServiceRequest | undefined): Reference | undefined {
  return task.requester ?? request?.requester;
}

/** When the referral asks the program to start, as a date. */
export function requestedStartOf(request: ServiceRequest | undefined): string | undefined {
  const start = request?.occurrencePeriod?.start ?? request?.occurrenceDateTime;
  return start?.slice(0, 10);
}

export function requestedEndOf(request: ServiceRequest | undefined): string | undefined {
  return request?.occurrencePeriod?.end?.slice(0, 10);
}

/** "Dr. Mei Chen": prefix, given names and family name of the first usable name. */
export function practitionerName(practitioner: Practitioner): string | undefined {
  const name = practitioner.name?.find((candidate) => candidate.use === 'official') ?? practitioner.name?.[0];
  if (!name) return undefined;
  if (name.text) return name.text;
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), ...(name.family ? [name.family] : [])];
  return parts.length ? parts.join(' ') : undefined;
}

export function conceptText(concept: { text?: string; coding?: { display?: string }[] } | undefined): string | undefined {
  return concept?.text ?? concept?.coding?.find((coding) => coding.display)?.display;
}

function noteView(annotation: Annotation): z.infer<typeof note> {
  const author = annotation.authorString ?? annotation.authorReference?.display ?? annotation.authorReference?.reference;
  return { text: annotation.text, ...(author ? { author } : {}), ...(annotation.time ? { time: annotation.time } : {}) };
}
