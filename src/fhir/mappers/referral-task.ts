import type { Annotation, CodeableConcept, Coding, Task } from '@medplum/fhirtypes';
import { METBRIDGE_CANONICAL } from '../canonical';

/**
 * The parts of a referral Task MetBridge writes itself: the fine-grained business status
 * (`Task.businessStatus`, whose `text` the PA IG requires when present), notes with author and
 * time, the channel the referral arrived through, and outputs.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */

/** MetBridge's business statuses of a referral (Task.businessStatus codings). */
export const MET_REFERRAL_STATUS_SYSTEM = `${METBRIDGE_CANONICAL}/CodeSystem/met-referral-status`;
/** How a referral reached the practice (a `meta.tag`): `fhir` or `direct`. */
export const MET_REFERRAL_CHANNEL_SYSTEM = `${METBRIDGE_CANONICAL}/CodeSystem/met-referral-channel`;
/** What a referral Task's outputs are, where the PA IG has no code (the acknowledgement letter). */
export const MET_REFERRAL_OUTPUT_SYSTEM = `${METBRIDGE_CANONICAL}/CodeSystem/met-referral-output`;

export const NEEDS_TRIAGE_TEXT = 'needs triage';

export const NEEDS_TRIAGE: CodeableConcept = {
  coding: [{ system: MET_REFERRAL_STATUS_SYSTEM, code: 'needs-triage', display: 'Needs triage' }],
  text: NEEDS_TRIAGE_TEXT,
};

export type ReferralChannel = 'fhir' | 'direct';

export function isTriaged(task: Task): boolean {
  return task.businessStatus?.coding?.some((coding) => coding.system === MET_REFERRAL_STATUS_SYSTEM && coding.code === 'needs-triage') ?? false;
}

/** Who writes the notes of referral intake. */
export const INTAKE_AUTHOR = 'MetBridge referral intake';

/** The Task marked "needs triage", with a note saying why. */
export function withTriage<T extends Task>(task: T, why: string, time: string): T {
  return { ...task, businessStatus: NEEDS_TRIAGE, note: [...(task.note ?? []), { authorString: INTAKE_AUTHOR, time, text: why }] };
}

/** The Task tagged with the channel it arrived through (kept when already tagged). */
export function withChannel<T extends Task>(task: T, channel: ReferralChannel): T {
  const tags = task.meta?.tag ?? [];
  if (tags.some((tag) => tag.system === MET_REFERRAL_CHANNEL_SYSTEM)) return task;
  const tag: Coding = { system: MET_REFERRAL_CHANNEL_SYSTEM, code: channel };
  return { ...task, meta: { ...task.meta, tag: [...tags, tag] } };
}

export function channelOf(task: Task): ReferralChannel | undefined {
  const code = task.meta?.tag?.find((tag) => tag.system === MET_REFERRAL_CHANNEL_SYSTEM)?.code;
  return code === 'fhir' || code === 'direct' ? code : undefined;
}

/** A progress note: `Task.note` with its author and time, and optionally a new business status text. */
export function withProgress<T extends Task>(task: T, note: Annotation | undefined, businessStatusText: string | undefined): T {
  return {
    ...task,
    ...(businessStatusText === undefined ? {} : { businessStatus: { text: businessStatusText } }),
    ...(note ? { note: [...(task.note ?? []), note] } : {}),
  };
}

/** The acknowledgement letter as a Task output. */
export function acknowledgementOutput(documentReferenceId: string): NonNullable<Task['output']>[number] {
  return {
    type: {
      coding: [{ system: MET_REFERRAL_OUTPUT_SYSTEM, code: 'acknowledgement-letter', display: 'Referral acknowledgement letter' }],
      text: 'Referral acknowledgement letter',
    },
    valueReference: { reference: `DocumentReference/${documentReferenceId}` },
  };
}
