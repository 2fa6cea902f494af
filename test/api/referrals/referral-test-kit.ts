import type { Clock } from '../../../src/lib/clock';
import { systemClock } from '../../../src/lib/clock';
import { systemPrincipal } from '../../support/test-app';
import { createPracticeTestKit, type JsonResponse, type PracticeTestKit } from '../practice/practice-test-kit';

/**
 * A practice with a trainer (practice API) and a physician's EHR (a system client of the
 * practice: the referrer), and the referral Bundles the EHR sends.
 */

export const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

export interface ReferralTestKit extends PracticeTestKit {
  organizationId: string;
  /** Bearer token of the EHR, a system client of the practice. */
  ehrHeaders: Record<string, string>;
  /** A FHIR request as the EHR; the body is JSON-encoded. */
  ehr(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** POSTs a referral transaction as the EHR and returns the ids it created (or matched). */
  refer(options?: ReferralOptions): Promise<ReferralIds & { response: JsonResponse }>;
}

export interface ReferralIds {
  taskId: string;
  serviceRequestId: string;
  patientId: string;
  practitionerId: string;
}

export interface ReferralOptions {
  patient?: Record<string, unknown>;
  task?: Record<string, unknown>;
  serviceRequest?: Record<string, unknown>;
  practitioner?: Record<string, unknown>;
}

export async function createReferralTestKit(clock: Clock = systemClock): Promise<ReferralTestKit> {
  const kit = await createPracticeTestKit(clock);
  const practice = await kit.t.repositories.practices.findById(kit.practiceId);
  const organizationId = practice!.organizationId;
  const ehrHeaders = { ...kit.t.authorize(systemPrincipal(kit.practiceId, 'ehr-of-dr-chen')), 'content-type': 'application/fhir+json' };
  const ehr: ReferralTestKit['ehr'] = async (method, path, body, headers = {}) => {
    const response = await kit.t.app.request(path ? `/fhir/${path}` : '/fhir', {
      method,
      headers: { ...ehrHeaders, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: await response.json().catch(() => undefined) };
  };
  return Object.assign(kit, {
    organizationId,
    ehrHeaders,
    ehr,
    async refer(options: ReferralOptions = {}) {
      const response = await ehr('POST', '', referralBundle(organizationId, options));
      if (response.status !== 200) throw new Error(`referral refused: ${response.status} ${JSON.stringify(response.body)}`);
      const idAt = (index: number) => /\/([^/]+)\/([^/]+)$/.exec(response.body.entry[index].fullUrl)![2]!;
      return { taskId: idAt(4), serviceRequestId: idAt(3), patientId: idAt(0), practitionerId: idAt(1), response };
    },
  });
}

export function referredPatient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    identifier: [{ system: MRN_SYSTEM, value: 'MRN-1001' }],
    name: [{ use: 'official', family: 'Rivera', given: ['Ana'] }],
    gender: 'female',
    birthDate: '1958-04-12',
    ...overrides,
  };
}

/** A PA IG referral as an EHR sends it: Patient, Practitioner, Condition, ServiceRequest and Task, in that order. */
export function referralBundle(organizationId: string, options: ReferralOptions = {}): Record<string, unknown> {
  const urn = { patient: 'urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000001', doctor: 'urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000002',
    condition: 'urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000003', request: 'urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000004',
    task: 'urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000005' };
  const post = (fullUrl: string, resource: Record<string, unknown>) => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      post(urn.patient, options.patient ?? referredPatient()),
      post(urn.doctor, {
        resourceType: 'Practitioner',
        identifier: [{ system: NPI_SYSTEM, value: '1245319599' }],
        name: [{ family: 'Chen', given: ['Mei'], prefix: ['Dr.'] }],
        telecom: [{ system: 'phone', value: '+1 555 0199', use: 'work' }],
        ...options.practitioner,
      }),
      post(urn.condition, {
        resourceType: 'Condition',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertensive disorder' }], text: 'Hypertension' },
        subject: { reference: urn.patient },
      }),
      post(urn.request, {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '229065009', display: 'Exercise therapy' }], text: 'Supervised exercise program' },
        subject: { reference: urn.patient },
        requester: { reference: urn.doctor },
        reasonReference: [{ reference: urn.condition }],
        occurrencePeriod: { start: '2026-12-07', end: '2027-03-07' },
        authoredOn: '2026-11-26T15:00:00Z',
        ...options.serviceRequest,
      }),
      post(urn.task, {
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
        focus: { reference: urn.request },
        for: { reference: urn.patient },
        requester: { reference: urn.doctor },
        owner: { reference: `Organization/${organizationId}` },
        authoredOn: '2026-11-26T15:00:00Z',
        ...options.task,
      }),
    ],
  };
}
