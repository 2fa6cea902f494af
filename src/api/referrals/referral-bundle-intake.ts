import type { Patient, Task } from '@medplum/fhirtypes';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { matchClient, TRIAGE_EXPLANATIONS, type ClientMatch, type KnownClient, type PersonIdentifier } from '../../domain/referrals/client-matching';
import { knownClientOf, personFactsOf, withoutIdentifiers } from '../../fhir/mappers/referred-person';
import { withChannel, withTriage } from '../../fhir/mappers/referral-task';
import { parseClause } from '../../fhir/search/parse';
import type { SearchClause } from '../../fhir/search/types';
import { actorRoleOf } from '../../fhir/validation/actor-role';
import type { FhirContext } from '../fhir/fhir-request';
import { namesOfFullUrl, type ServableEntry } from '../fhir/interactions/bundle-references';

/**
 * Referral intake for a transaction Bundle that carries a referral Task (PA IG Full Service
 * Provider: the EHR POSTs the Task with its ServiceRequest, Patient, Conditions and
 * Practitioner). Before the entries run, in the transaction's own database transaction:
 * - the Patient the Task is `for` is matched against the practice's clients
 *   ({@link matchClient}): a match turns its entry into a conditional create of that client
 *   (answered `200 OK` with the existing Patient, as FHIR's conditional create does), a new
 *   person is created as sent, and an ambiguous or conflicting match creates a separate record
 *   (without identifiers other clients hold) and marks the Task "needs triage" with a note why;
 * - a Practitioner, PractitionerRole or Organization whose identifier the practice already
 *   knows (the referring physician of an earlier referral) becomes a conditional create of it;
 * - the Task is tagged with the channel it arrived through (`fhir`, unless a Direct intake tagged it).
 * Anything else in the Bundle runs as in any transaction; a Bundle without a referrer's Task
 * POST is not touched.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export async function prepareReferralEntries(
  context: FhirContext,
  entries: ServableEntry[],
): Promise<ServableEntry[]> {
  if (actorRoleOf(context.principal.actor) !== 'referrer' || !entries.some(isTaskPost)) return entries;
  const prepared = [...entries];
  const replace = (entry: ServableEntry, next: ServableEntry) => {
    prepared[prepared.indexOf(entry)] = next;
  };

  for (const entry of prepared.filter(isTaskPost)) {
    let task = withChannel(entry.resource as unknown as Task, 'fhir');
    const patientEntry = postedEntryNamed(prepared, 'Patient', task.for?.reference, context.baseUrl);
    if (patientEntry) {
      const patient = patientEntry.resource as unknown as Patient;
      const match = await matchReferredPerson(context.store, patient);
      replace(patientEntry, patientEntryFor(patientEntry, patient, match));
      if (match.kind === 'triage') {
        const why = `${TRIAGE_EXPLANATIONS[match.reason]} Recorded as a separate client until the practice decides.`;
        task = withTriage(task, why, context.clock.now().toISOString());
      }
    }
    replace(entry, { ...entry, resource: task as unknown as Record<string, unknown> });
  }

  for (const entry of prepared.filter(isPartyPost)) {
    const existingId = await partyHoldingIdentifier(context.store, entry);
    if (existingId) replace(entry, { ...entry, conditions: { ...entry.conditions, 'if-none-exist': `_id=${existingId}` } });
  }
  return prepared;
}

/** The verdict for the referred Patient against the practice's clients (by identifier, then name and birth date). */
export async function matchReferredPerson(store: PracticeResourceStore, patient: Patient): Promise<ClientMatch> {
  const person = personFactsOf(patient);
  const sharingIdentifier = (await Promise.all(person.identifiers.map((identifier) => patientsWith(store, [identifierClause(identifier)])))).flat();
  const birthDate = person.birthDate && birthDateClause(person.birthDate);
  const bornSameDay = birthDate ? await patientsWith(store, [birthDate]) : [];
  return matchClient(person, sharingIdentifier, bornSameDay);
}

function patientEntryFor(entry: ServableEntry, patient: Patient, match: ClientMatch): ServableEntry {
  const { 'if-none-exist': _theirs, ...conditions } = entry.conditions;
  switch (match.kind) {
    case 'matched':
      return { ...entry, conditions: { ...conditions, 'if-none-exist': `_id=${match.clientId}` } };
    case 'new':
      return entry;
    case 'triage':
      return { ...entry, conditions, resource: withoutIdentifiers(patient, match.heldIdentifiers) as unknown as Record<string, unknown> };
  }
}

const PARTY_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Organization']);
/** Enough to read every client sharing a birth date in any practice MetBridge serves. */
const CANDIDATE_LIMIT = 200;

function isTaskPost(entry: ServableEntry): boolean {
  return entry.target.method === 'POST' && entry.target.resourceType === 'Task' && entry.resource?.resourceType === 'Task';
}

function isPartyPost(entry: ServableEntry): boolean {
  return entry.target.method === 'POST' && PARTY_TYPES.has(entry.target.resourceType) && entry.conditions['if-none-exist'] === undefined;
}

function postedEntryNamed(entries: ServableEntry[], resourceType: string, reference: string | undefined, baseUrl: string): ServableEntry | undefined {
  if (!reference) return undefined;
  return entries.find(
    (entry) =>
      entry.target.method === 'POST' &&
      entry.target.resourceType === resourceType &&
      entry.resource?.resourceType === resourceType &&
      entry.fullUrl !== undefined &&
      namesOfFullUrl(entry.fullUrl, baseUrl).includes(reference),
  );
}

async function partyHoldingIdentifier(store: PracticeResourceStore, entry: ServableEntry): Promise<string | undefined> {
  for (const identifier of identifiersOf(entry.resource)) {
    const page = await store.search(entry.target.resourceType, { clauses: [identifierClause(identifier)], count: 1 });
    const [found] = page.resources;
    if (found) return found.id;
  }
  return undefined;
}

function identifiersOf(resource: Record<string, unknown> | undefined): PersonIdentifier[] {
  const identifiers = Array.isArray(resource?.identifier) ? (resource.identifier as unknown[]) : [];
  return identifiers.flatMap((identifier) => {
    const { system, value } = (identifier ?? {}) as { system?: unknown; value?: unknown };
    return typeof system === 'string' && typeof value === 'string' ? [{ system, value }] : [];
  });
}

async function patientsWith(store: PracticeResourceStore, clauses: SearchClause[]): Promise<KnownClient[]> {
  const page = await store.search('Patient', { clauses, count: CANDIDATE_LIMIT });
  return page.resources.flatMap((stored) => (stored.json ? [knownClientOf(JSON.parse(stored.json) as Patient & { id: string })] : []));
}

function identifierClause(identifier: PersonIdentifier): SearchClause {
  return { kind: 'token', param: 'identifier', matches: [{ system: identifier.system, code: identifier.value }] };
}

/** Patients born that day; none for a value that is not a FHIR date (validation refuses it afterwards). */
function birthDateClause(birthDate: string): SearchClause | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? parseClause('Patient', 'birthdate', birthDate) : undefined;
}
