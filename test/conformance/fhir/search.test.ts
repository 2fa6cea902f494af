import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES, supportsInteraction } from '../../../src/fhir/resource-types';
import { LOINC, openSearchSuite, PA_CATEGORY, sorted, UCUM, type SearchSuite } from './search-fixture';

/**
 * Every search parameter the brief lists, type by type: each query finds exactly the resources
 * it should among a small practice where every parameter has a match and a near miss.
 */

let suite: SearchSuite;
const id: Record<string, string> = {};
const SCT = 'http://snomed.info/sct';
const TASK_CODES = 'http://hl7.org/fhir/CodeSystem/task-code';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** The ids of the resources found by GET `/fhir/{query}`, following next links. */
const found = async (query: string) => sorted(await suite.ids(query));
const expected = (...names: string[]) => sorted(names.map((name) => id[name]));

beforeAll(async () => {
  suite = await openSearchSuite();
  const { create } = suite;
  id.org = await create({ resourceType: 'Organization', name: 'Stride Exercise Clinic', alias: ['Stride'], active: true });
  id.otherOrg = await create({ resourceType: 'Organization', name: 'Northside Cardiology', partOf: { reference: `Organization/${id.org}` } });
  id.drX = await create({ resourceType: 'Practitioner', name: [{ family: 'Osei', given: ['Kwame'] }], gender: 'male' });
  id.drY = await create({ resourceType: 'Practitioner', name: [{ family: 'Lindqvist', given: ['Åsa'] }], gender: 'female' });
  id.role = await create({
    resourceType: 'PractitionerRole',
    practitioner: { reference: `Practitioner/${id.drX}` },
    organization: { reference: `Organization/${id.otherOrg}` },
    code: [{ coding: [{ system: SCT, code: '309343006', display: 'Physician' }] }],
  });
  id.ana = await create({
    resourceType: 'Patient',
    identifier: [{ system: 'urn:mrn', value: 'A-1' }],
    name: [{ family: 'Rivera', given: ['Ana', 'María'] }],
    birthDate: '1958-04-12',
    gender: 'female',
    generalPractitioner: [{ reference: `Practitioner/${id.drX}` }],
  });
  id.ben = await create({
    resourceType: 'Patient',
    identifier: [{ system: 'urn:mrn', value: 'B-2' }],
    name: [{ family: 'Okafor', given: ['Benedict'] }],
    birthDate: '1971',
    gender: 'male',
  });

  id.walk = await create({
    resourceType: 'Observation',
    status: 'final',
    category: [PA_CATEGORY, { coding: [{ system: OBSERVATION_CATEGORY, code: 'exam' }] }],
    code: { coding: [{ system: LOINC, code: '64098-7' }] },
    subject: { reference: `Patient/${id.ana}` },
    effectiveDateTime: '2025-02-10T10:00:00Z',
    valueQuantity: { value: 420, unit: 'm', system: UCUM, code: 'm' },
  });
  id.heartRate = await create({
    resourceType: 'Observation',
    status: 'preliminary',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '8867-4' }] },
    subject: { reference: `Patient/${id.ben}` },
    effectivePeriod: { start: '2024-06-01T08:00:00Z', end: '2024-06-01T08:30:00Z' },
    valueQuantity: { value: 72, unit: '/min', system: UCUM, code: '/min' },
  });
  id.groupObservation = await create({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8867-4' }] },
    subject: { reference: `Group/${id.org}` },
  });

  id.hypertension = await create({
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10' }] },
    subject: { reference: `Patient/${id.ana}` },
    onsetDateTime: '2019-05',
  });
  id.kneeArthritis = await create({
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M17.11' }] },
    subject: { reference: `Patient/${id.ben}` },
    onsetPeriod: { start: '2015-01-01', end: '2020-12-31' },
  });

  id.walkGoal = await create({
    resourceType: 'Goal',
    lifecycleStatus: 'active',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-category', code: 'physiotherapy' }] }],
    description: { text: 'Walk 450 m in six minutes' },
    subject: { reference: `Patient/${id.ana}` },
    target: [{ measure: { coding: [{ system: LOINC, code: '64098-7' }] }, detailQuantity: { value: 450, unit: 'm' }, dueDate: '2025-06-30' }],
  });
  id.weightGoal = await create({
    resourceType: 'Goal',
    lifecycleStatus: 'completed',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-category', code: 'dietary' }] }],
    description: { text: 'Lose 5 kg' },
    subject: { reference: `Patient/${id.ben}` },
    target: [{ dueDate: '2024-12-31' }],
  });

  id.activePlan = await create({
    resourceType: 'CarePlan',
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' }] }],
    subject: { reference: `Patient/${id.ana}` },
    period: { start: '2025-01-06', end: '2025-06-30' },
  });
  id.pastPlan = await create({
    resourceType: 'CarePlan',
    status: 'completed',
    intent: 'plan',
    subject: { reference: `Patient/${id.ben}` },
    period: { start: '2023-01-01', end: '2023-12-31' },
  });

  id.session = await create({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${id.ana}` },
    period: { start: '2025-02-10T10:00:00Z', end: '2025-02-10T11:00:00Z' },
  });
  id.plannedSession = await create({
    resourceType: 'Encounter',
    status: 'planned',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${id.ben}` },
    period: { start: '2025-04-01T09:00:00Z' },
  });

  id.referral = await create({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    category: [PA_CATEGORY],
    code: { coding: [{ system: SCT, code: '229065009', display: 'Exercise therapy' }] },
    subject: { reference: `Patient/${id.ana}` },
    authoredOn: '2025-01-20',
    performer: [{ reference: `Organization/${id.org}` }],
    requester: { reference: `Practitioner/${id.drX}` },
  });
  id.oldReferral = await create({
    resourceType: 'ServiceRequest',
    status: 'completed',
    intent: 'order',
    code: { coding: [{ system: SCT, code: '91251008', display: 'Physical therapy procedure' }] },
    subject: { reference: `Patient/${id.ben}` },
    authoredOn: '2024-11-02T15:00:00Z',
    requester: { reference: `PractitionerRole/${id.role}` },
  });

  id.report = await create({
    resourceType: 'DiagnosticReport',
    status: 'final',
    category: [PA_CATEGORY],
    code: { coding: [{ system: LOINC, code: '11502-2' }] },
    subject: { reference: `Patient/${id.ana}` },
    effectiveDateTime: '2025-02-28',
    basedOn: [{ reference: `ServiceRequest/${id.referral}` }],
    result: [{ reference: `Observation/${id.walk}` }],
  });
  id.draftReport = await create({
    resourceType: 'DiagnosticReport',
    status: 'preliminary',
    code: { coding: [{ system: LOINC, code: '34109-9' }] },
    subject: { reference: `Patient/${id.ben}` },
    effectivePeriod: { start: '2024-01-01', end: '2024-12-31' },
  });

  id.fulfil = await create({
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: TASK_CODES, code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${id.referral}` },
    for: { reference: `Patient/${id.ana}` },
    owner: { reference: `Organization/${id.org}` },
    requester: { reference: `Practitioner/${id.drX}` },
    output: [{ type: { text: 'Progress report' }, valueReference: { reference: `DiagnosticReport/${id.report}` } }],
  });
  id.approval = await create({
    resourceType: 'Task',
    status: 'completed',
    intent: 'order',
    code: { coding: [{ system: TASK_CODES, code: 'approve' }] },
    focus: { reference: `ServiceRequest/${id.oldReferral}` },
    for: { reference: `Patient/${id.ben}` },
    owner: { reference: `Organization/${id.otherOrg}` },
    requester: { reference: `PractitionerRole/${id.role}` },
  });

  id.provenance = await create({
    resourceType: 'Provenance',
    target: [{ reference: `Patient/${id.ana}/_history/1` }],
    recorded: '2025-03-01T08:00:00Z',
    agent: [{ who: { reference: `Practitioner/${id.drX}` } }],
  });
  id.document = await create({
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${id.ana}` },
    date: '2025-03-01T08:00:00Z',
    content: [{ attachment: { contentType: 'application/pdf', url: 'https://files.example/progress.pdf' } }],
  });
  id.consent = await create({
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: LOINC, code: '59284-0' }] }],
    patient: { reference: `Patient/${id.ana}` },
    dateTime: '2025-01-20',
  });
  const backport = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
  id.subscription = await create({
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Referral updates for the EHR',
    criteria: 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task',
    _criteria: { extension: [{ url: `${backport}/backport-filter-criteria`, valueString: `Task?owner=Organization/${id.org}` }] },
    channel: {
      type: 'rest-hook',
      endpoint: 'https://ehr.example/search-fixture-hook',
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: `${backport}/backport-payload-content`, valueCode: 'id-only' }] },
    },
  });
});
afterAll(() => suite.close());

describe('search parameters by type (FHIR R4 search.html#ptypes)', () => {
  it('Patient: _id, identifier, name, family, given, birthdate and gender', async () => {
    expect(await found(`Patient?_id=${id.ana}`)).toEqual(expected('ana'));
    expect(await found('Patient?identifier=urn:mrn|B-2')).toEqual(expected('ben'));
    expect(await found('Patient?name=rive')).toEqual(expected('ana'));
    expect(await found('Patient?name=bened')).toEqual(expected('ben'));
    expect(await found('Patient?family=okafor')).toEqual(expected('ben'));
    expect(await found('Patient?given=maria')).toEqual(expected('ana'));
    expect(await found('Patient?birthdate=1958')).toEqual(expected('ana'));
    expect(await found('Patient?birthdate=1971-06')).toEqual([]);
    expect(await found('Patient?gender=male')).toEqual(expected('ben'));
    expect(await found(`Patient?general-practitioner=Practitioner/${id.drX}`)).toEqual(expected('ana'));
  });

  it('Observation: patient, subject, category, code, date, status and value-quantity', async () => {
    expect(await found(`Observation?patient=Patient/${id.ana}`)).toEqual(expected('walk'));
    expect(await found(`Observation?patient=${id.ben}`)).toEqual(expected('heartRate'));
    expect(await found(`Observation?subject=Group/${id.org}`)).toEqual(expected('groupObservation'));
    expect(await found(`Observation?category=${OBSERVATION_CATEGORY}|vital-signs`)).toEqual(expected('heartRate'));
    expect(await found('Observation?category=PhysicalActivity')).toEqual(expected('walk'));
    expect(await found(`Observation?code=${LOINC}|8867-4`)).toEqual(expected('heartRate', 'groupObservation'));
    expect(await found('Observation?date=2025-02')).toEqual(expected('walk'));
    expect(await found('Observation?date=2024-06-01')).toEqual(expected('heartRate'));
    expect(await found('Observation?status=preliminary')).toEqual(expected('heartRate'));
    expect(await found(`Observation?value-quantity=420|${UCUM}|m`)).toEqual(expected('walk'));
    expect(await found('Observation?value-quantity=gt100')).toEqual(expected('walk'));
  });

  it('Condition: patient, category, code, clinical-status and onset-date', async () => {
    expect(await found(`Condition?patient=${id.ana}`)).toEqual(expected('hypertension'));
    expect(await found('Condition?category=encounter-diagnosis')).toEqual(expected('kneeArthritis'));
    expect(await found('Condition?code=http://hl7.org/fhir/sid/icd-10-cm|I10')).toEqual(expected('hypertension'));
    expect(await found('Condition?clinical-status=resolved')).toEqual(expected('kneeArthritis'));
    expect(await found('Condition?onset-date=2019')).toEqual(expected('hypertension'));
    expect(await found('Condition?onset-date=ge2020-06-01')).toEqual(expected('kneeArthritis'));
  });

  it('Goal: patient, category, lifecycle-status and target-date', async () => {
    expect(await found(`Goal?patient=Patient/${id.ana}`)).toEqual(expected('walkGoal'));
    expect(await found('Goal?category=dietary')).toEqual(expected('weightGoal'));
    expect(await found('Goal?lifecycle-status=active')).toEqual(expected('walkGoal'));
    expect(await found('Goal?target-date=2025-06-30')).toEqual(expected('walkGoal'));
    expect(await found('Goal?target-date=lt2025')).toEqual(expected('weightGoal'));
  });

  it('CarePlan: patient, category, status and date', async () => {
    expect(await found(`CarePlan?patient=${id.ben}`)).toEqual(expected('pastPlan'));
    expect(await found('CarePlan?category=assess-plan')).toEqual(expected('activePlan'));
    expect(await found('CarePlan?status=active')).toEqual(expected('activePlan'));
    expect(await found('CarePlan?date=2023')).toEqual(expected('pastPlan'));
    expect(await found('CarePlan?date=ge2025-03-01')).toEqual(expected('activePlan'));
  });

  it('Encounter: patient, date and status', async () => {
    expect(await found(`Encounter?patient=${id.ana}`)).toEqual(expected('session'));
    expect(await found('Encounter?date=2025-02-10')).toEqual(expected('session'));
    expect(await found('Encounter?date=gt2026')).toEqual(expected('plannedSession'));
    expect(await found('Encounter?status=planned')).toEqual(expected('plannedSession'));
  });

  it('ServiceRequest: patient, category, code, status, authored, performer and requester', async () => {
    expect(await found(`ServiceRequest?patient=${id.ana}`)).toEqual(expected('referral'));
    expect(await found('ServiceRequest?category=PhysicalActivity')).toEqual(expected('referral'));
    expect(await found(`ServiceRequest?code=${SCT}|91251008`)).toEqual(expected('oldReferral'));
    expect(await found('ServiceRequest?status=completed')).toEqual(expected('oldReferral'));
    expect(await found('ServiceRequest?authored=2025-01-20')).toEqual(expected('referral'));
    expect(await found('ServiceRequest?authored=lt2025')).toEqual(expected('oldReferral'));
    expect(await found(`ServiceRequest?performer=Organization/${id.org}`)).toEqual(expected('referral'));
    expect(await found(`ServiceRequest?requester=Practitioner/${id.drX}`)).toEqual(expected('referral'));
    expect(await found(`ServiceRequest?requester=PractitionerRole/${id.role}`)).toEqual(expected('oldReferral'));
  });

  it('Task: code, owner, patient, requester, status, focus and output', async () => {
    expect(await found(`Task?code=${TASK_CODES}|fulfill`)).toEqual(expected('fulfil'));
    expect(await found(`Task?owner=Organization/${id.otherOrg}`)).toEqual(expected('approval'));
    expect(await found(`Task?patient=${id.ana}`)).toEqual(expected('fulfil'));
    expect(await found(`Task?requester=PractitionerRole/${id.role}`)).toEqual(expected('approval'));
    expect(await found('Task?status=requested')).toEqual(expected('fulfil'));
    expect(await found(`Task?focus=ServiceRequest/${id.oldReferral}`)).toEqual(expected('approval'));
    expect(await found(`Task?output=DiagnosticReport/${id.report}`)).toEqual(expected('fulfil'));
  });

  it('DiagnosticReport: patient, category, code, date, status and based-on', async () => {
    expect(await found(`DiagnosticReport?patient=${id.ben}`)).toEqual(expected('draftReport'));
    expect(await found('DiagnosticReport?category=PhysicalActivity')).toEqual(expected('report'));
    expect(await found(`DiagnosticReport?code=${LOINC}|11502-2`)).toEqual(expected('report'));
    expect(await found('DiagnosticReport?date=2025-02-28')).toEqual(expected('report'));
    expect(await found('DiagnosticReport?date=2024')).toEqual(expected('draftReport'));
    expect(await found('DiagnosticReport?status=preliminary')).toEqual(expected('draftReport'));
    expect(await found(`DiagnosticReport?based-on=ServiceRequest/${id.referral}`)).toEqual(expected('report'));
  });

  it('Provenance: target, by its versioned reference or the resource alone', async () => {
    expect(await found(`Provenance?target=Patient/${id.ana}`)).toEqual(expected('provenance'));
    expect(await found(`Provenance?target=Patient/${id.ana}/_history/1`)).toEqual(expected('provenance'));
    expect(await found(`Provenance?target=Patient/${id.ben}`)).toEqual([]);
  });

  it('PractitionerRole, Organization, Practitioner, DocumentReference and Consent: their usual parameters', async () => {
    expect(await found(`PractitionerRole?practitioner=${id.drX}`)).toEqual(expected('role'));
    expect(await found(`PractitionerRole?organization=Organization/${id.otherOrg}`)).toEqual(expected('role'));
    expect(await found(`PractitionerRole?role=${SCT}|309343006`)).toEqual(expected('role'));
    expect(await found('Organization?name=stride')).toEqual(expected('org'));
    expect(await found(`Organization?partof=${id.org}`)).toEqual(expected('otherOrg'));
    expect(await found('Practitioner?family=lindqvist')).toEqual(expected('drY'));
    expect(await found('Practitioner?name=asa')).toEqual(expected('drY'));
    expect(await found(`DocumentReference?patient=${id.ana}&type=${LOINC}|11506-3&status=current`)).toEqual(expected('document'));
    expect(await found('DocumentReference?date=2025-03-01')).toEqual(expected('document'));
    expect(await found(`Consent?patient=${id.ana}&status=active`)).toEqual(expected('consent'));
    expect(await found('Consent?scope=patient-privacy&date=2025-01')).toEqual(expected('consent'));
  });

  it('Subscription: status, criteria (the topic), type and url (the endpoint)', async () => {
    expect(await found('Subscription?status=requested&type=rest-hook')).toEqual(expected('subscription'));
    expect(await found('Subscription?criteria=http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task')).toEqual(expected('subscription'));
    expect(await found('Subscription?url=https://ehr.example/search-fixture-hook')).toEqual(expected('subscription'));
    expect(await found('Subscription?status=active')).toEqual([]);
  });

  it('_id and _lastUpdated on every searchable type', async () => {
    const searchable = RESOURCE_TYPES.filter(({ type }) => supportsInteraction(type, 'search-type') && type !== 'AuditEvent');
    for (const { type } of searchable) {
      const page = await suite.search(`${type}?_count=1`);
      const resource = page.entry?.[0]?.resource;
      expect(resource, `a ${type} in the fixture`).toBeDefined();
      expect(await found(`${type}?_id=${resource!.id}`), `${type}?_id`).toEqual([resource!.id]);
      const instant = resource!.meta.lastUpdated;
      expect(await found(`${type}?_lastUpdated=${instant}&_id=${resource!.id}`), `${type}?_lastUpdated`).toEqual([resource!.id]);
      expect(await found(`${type}?_lastUpdated=gt${instant}&_id=${resource!.id}`), `${type}?_lastUpdated=gt`).toEqual([]);
    }
  });
});
