import type {
  Condition,
  Encounter,
  Goal as FhirGoal,
  HumanName,
  Observation,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import type { Assessment } from '../../domain/assessment';
import type { Client } from '../../domain/client';
import type { Diagnosis } from '../../domain/diagnosis';
import type { Goal } from '../../domain/goal';
import { NPI_SYSTEM } from '../../domain/npi';
import type { SessionFrequency } from '../../domain/progress-report/attendance';
import type { PhysicianParty, PracticeParty } from '../../domain/progress-report/progress-report';
import type { Session } from '../../domain/session';
import { referencedId } from '../../fhir/mappers/codings';
import { conditionToDiagnosis } from '../../fhir/mappers/condition';
import { sessionFromFhir } from '../../fhir/mappers/encounter';
import { goalFromFhir } from '../../fhir/mappers/goal';
import { observationToAssessment } from '../../fhir/mappers/observation';
import { patientToClient } from '../../fhir/mappers/patient';
import { clause, searchAll, type Stored } from '../practice/practice-context';

/**
 * Reads what a progress report is made from, in the caller's practice store: the client's
 * record (diagnoses, goals, assessments, sessions), the practice and the trainer, and for a
 * referral its ServiceRequest and the physician who ordered it.
 */

export interface ClientRecord {
  client: Client;
  diagnoses: Diagnosis[];
  goals: Goal[];
  assessments: Assessment[];
  sessions: Session[];
}

async function read<T extends Resource>(
  store: PracticeResourceStore,
  type: T['resourceType'],
  id: string | undefined,
): Promise<Stored<T> | undefined> {
  if (!id) return undefined;
  const stored = await store.read(type, id);
  return stored?.json ? (JSON.parse(stored.json) as Stored<T>) : undefined;
}

export function readPatient(store: PracticeResourceStore, id: string): Promise<Stored<Patient> | undefined> {
  return read<Patient>(store, 'Patient', id);
}

export function readTask(store: PracticeResourceStore, id: string): Promise<Stored<Task> | undefined> {
  return read<Task>(store, 'Task', id);
}

export async function loadClientRecord(store: PracticeResourceStore, patient: Stored<Patient>): Promise<ClientRecord> {
  const subject = `Patient/${patient.id}`;
  const [conditions, goals, observations, encounters] = await Promise.all([
    searchAll<Condition>(store, 'Condition', [clause('Condition', 'patient', subject)]),
    searchAll<FhirGoal>(store, 'Goal', [clause('Goal', 'patient', subject)]),
    searchAll<Observation>(store, 'Observation', [clause('Observation', 'patient', subject)]),
    searchAll<Encounter>(store, 'Encounter', [clause('Encounter', 'patient', subject)]),
  ]);
  const byEncounter = new Map<string, Stored<Observation>[]>();
  for (const observation of observations) {
    const encounterId = referencedId(observation.encounter, 'Encounter');
    if (encounterId) byEncounter.set(encounterId, [...(byEncounter.get(encounterId) ?? []), observation]);
  }
  return {
    client: patientToClient(patient),
    diagnoses: conditions.flatMap((condition) => conditionToDiagnosis(condition) ?? []),
    goals: goals.flatMap((goal) => goalFromFhir(goal)?.goal ?? []),
    assessments: observations.flatMap((observation) => observationToAssessment(observation) ?? []),
    sessions: encounters.flatMap((encounter) => sessionFromFhir(encounter, byEncounter.get(encounter.id) ?? []) ?? []),
  };
}

/** The practice as its Organization names it: name, NPI, first address, phone and Direct address. */
export async function loadPractice(store: PracticeResourceStore, organizationId: string): Promise<PracticeParty> {
  const organization = await read<Organization>(store, 'Organization', organizationId);
  const address = organization?.address?.[0];
  const addressText =
    address?.text ?? [address?.line?.join(', '), address?.city, [address?.state, address?.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const phone = organization?.telecom?.find((point) => point.system === 'phone')?.value;
  const direct = organization?.telecom?.find((point) => point.system === 'email')?.value;
  const npi = organization?.identifier?.find((identifier) => identifier.system === NPI_SYSTEM)?.value;
  return {
    name: organization?.name ?? 'Medical exercise practice',
    ...(npi ? { npi } : {}),
    ...(addressText ? { address: addressText } : {}),
    ...(phone ? { phone } : {}),
    ...(direct ? { directAddress: direct } : {}),
  };
}

export async function loadPractitionerName(store: PracticeResourceStore, practitionerId: string): Promise<string | undefined> {
  const practitioner = await read<Practitioner>(store, 'Practitioner', practitionerId);
  return practitioner && nameOf(practitioner.name);
}

/** A person's name as written in a letter: its text, or prefix, given names, family name and suffix. */
export function nameOf(names: HumanName[] | undefined): string | undefined {
  const name = names?.find((candidate) => candidate.use === 'official') ?? names?.find((candidate) => candidate.use !== 'old');
  if (!name) return undefined;
  if (name.text?.trim()) return name.text.trim();
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family, ...(name.suffix ?? [])].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * The physician a referral comes from: the ServiceRequest's requester (else the Task's), read
 * through a Practitioner or PractitionerRole reference when it resolves here, else its display.
 */
export async function loadPhysician(
  store: PracticeResourceStore,
  requester: Reference | undefined,
): Promise<PhysicianParty | undefined> {
  if (!requester) return undefined;
  const roleId = referencedId(requester, 'PractitionerRole');
  const role = await read<PractitionerRole>(store, 'PractitionerRole', roleId);
  const practitionerId = referencedId(role?.practitioner ?? requester, 'Practitioner');
  const practitioner = await read<Practitioner>(store, 'Practitioner', practitionerId);
  const name = nameOf(practitioner?.name) ?? role?.practitioner?.display ?? requester.display;
  if (!name) return undefined;
  const npi =
    practitioner?.identifier?.find((identifier) => identifier.system === NPI_SYSTEM)?.value ??
    (requester.identifier?.system === NPI_SYSTEM ? requester.identifier.value : undefined);
  return { name, ...(npi ? { npi } : {}) };
}

export function loadServiceRequest(store: PracticeResourceStore, task: Task): Promise<Stored<ServiceRequest> | undefined> {
  return read<ServiceRequest>(store, 'ServiceRequest', referencedId(task.focus, 'ServiceRequest'));
}

/** Sessions planned per period, from `occurrenceTiming.repeat` (days, weeks or months). */
export function sessionFrequencyOf(request: ServiceRequest | undefined): SessionFrequency | undefined {
  const repeat = request?.occurrenceTiming?.repeat;
  const unit = repeat?.periodUnit;
  if (!repeat?.frequency || !repeat.period || (unit !== 'd' && unit !== 'wk' && unit !== 'mo')) return undefined;
  return { frequency: repeat.frequency, period: repeat.period, periodUnit: unit };
}

/** What was ordered, as the ServiceRequest names it. */
export function serviceOf(request: ServiceRequest | undefined): string | undefined {
  return request?.code?.text ?? request?.code?.coding?.find((coding) => coding.display)?.display;
}
