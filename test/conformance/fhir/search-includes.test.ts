import type { CapabilityStatement } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../../src/fhir/resource-types';
import { includeName, includeTargetTypes, SEARCH_INCLUDES } from '../../../src/fhir/search/includes';
import { createTestPractice } from '../../support/practices';
import { systemPrincipal } from '../../support/test-app';
import { BASE, included, LOINC, linkParameters, matches, nextLink, openSearchSuite, selfLink, sorted, type SearchSuite } from './search-fixture';

/**
 * `_include` and `_revinclude` over the include registry: what each path brings, on the page of
 * the matches that brought it, once, and never from another practice.
 */

let suite: SearchSuite;
const id: Record<string, string> = {};
const TASK_CODES = 'http://hl7.org/fhir/CodeSystem/task-code';

const idsOf = (resources: { id: string }[]) => sorted(resources.map((resource) => resource.id));
const expected = (...names: string[]) => sorted(names.map((name) => id[name]));
const keyOf = (resource: { resourceType: string; id: string }) => `${resource.resourceType}/${resource.id}`;

beforeAll(async () => {
  suite = await openSearchSuite();
  const { create } = suite;
  id.org = await create({ resourceType: 'Organization', name: 'Stride Exercise Clinic' });
  id.drX = await create({ resourceType: 'Practitioner', name: [{ family: 'Osei' }] });
  id.role = await create({ resourceType: 'PractitionerRole', practitioner: { reference: `Practitioner/${id.drX}` } });
  id.ana = await create({ resourceType: 'Patient', name: [{ family: 'Rivera' }] });
  id.ben = await create({ resourceType: 'Patient', name: [{ family: 'Okafor' }] });
  id.referral = await create({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${id.ana}` },
    requester: { reference: `Practitioner/${id.drX}` },
  });
  id.secondReferral = await create({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${id.ben}` },
    requester: { reference: `PractitionerRole/${id.role}` },
  });
  id.walk = await create({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '64098-7' }] },
    subject: { reference: `Patient/${id.ana}` },
  });
  id.tug = await create({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '89423-8' }] },
    subject: { reference: `Patient/${id.ana}` },
  });
  id.report = await create({
    resourceType: 'DiagnosticReport',
    status: 'final',
    code: { text: 'Progress report' },
    subject: { reference: `Patient/${id.ana}` },
    result: [{ reference: `Observation/${id.walk}` }, { reference: `Observation/${id.tug}` }],
  });
  const task = (focus: string, patient: string, output?: string) => ({
    resourceType: 'Task',
    status: 'in-progress',
    intent: 'order',
    code: { coding: [{ system: TASK_CODES, code: 'fulfill' }] },
    focus: { reference: focus },
    for: { reference: patient },
    owner: { reference: `Organization/${id.org}` },
    ...(output ? { output: [{ type: { text: 'report' }, valueReference: { reference: output } }] } : {}),
  });
  id.task = await create(task(`ServiceRequest/${id.referral}`, `Patient/${id.ana}`, `DiagnosticReport/${id.report}`));
  id.secondTask = await create(task(`ServiceRequest/${id.secondReferral}`, `Patient/${id.ben}`));
  id.provenance = await create({
    resourceType: 'Provenance',
    target: [{ reference: `ServiceRequest/${id.referral}/_history/1` }, { reference: `Task/${id.task}/_history/1` }],
    recorded: '2025-03-01T08:00:00Z',
    agent: [{ who: { reference: `Practitioner/${id.drX}` } }],
  });
  id.provenanceOfProvenance = await create({
    resourceType: 'Provenance',
    target: [{ reference: `Provenance/${id.provenance}` }],
    recorded: '2025-03-01T08:00:01Z',
    agent: [{ who: { reference: `Practitioner/${id.drX}` } }],
  });
});
afterAll(() => suite.close());

describe('_include (FHIR R4 search.html#include)', () => {
  it('Task:focus, Task:patient and Task:output bring the ServiceRequest, Patient and DiagnosticReport, as include entries', async () => {
    const page = await suite.search(`Task?_id=${id.task}&_include=Task:focus&_include=Task:patient&_include=Task:output`);
    expect(matches(page).map(keyOf)).toEqual([`Task/${id.task}`]);
    expect(included(page).map(keyOf).sort()).toEqual(
      [`ServiceRequest/${id.referral}`, `Patient/${id.ana}`, `DiagnosticReport/${id.report}`].sort(),
    );
    for (const entry of page.entry!) {
      expect(entry.fullUrl).toBe(`${BASE}/${entry.resource.resourceType}/${entry.resource.id}`);
      expect(entry.search.mode).toBe(entry.resource.resourceType === 'Task' ? 'match' : 'include');
    }
    expect(page.total).toBeUndefined();
  });

  it('ServiceRequest:patient and ServiceRequest:requester bring each request’s Patient and requester, whatever its type', async () => {
    const page = await suite.search('ServiceRequest?_include=ServiceRequest:patient&_include=ServiceRequest:requester');
    expect(idsOf(matches(page))).toEqual(expected('referral', 'secondReferral'));
    expect(idsOf(included(page))).toEqual(expected('ana', 'ben', 'drX', 'role'));
  });

  it('DiagnosticReport:result brings every result Observation', async () => {
    const page = await suite.search(`DiagnosticReport?_include=DiagnosticReport:result`);
    expect(idsOf(included(page))).toEqual(expected('walk', 'tug'));
  });

  it('Observation:patient brings a Patient shared by several matches once', async () => {
    const page = await suite.search(`Observation?patient=${id.ana}&_include=Observation:patient`);
    expect(idsOf(matches(page))).toEqual(expected('walk', 'tug'));
    expect(included(page).map(keyOf)).toEqual([`Patient/${id.ana}`]);
  });

  it('Provenance:target brings each target, and a target that is itself a match appears once, as a match', async () => {
    const page = await suite.search('Provenance?_include=Provenance:target');
    expect(idsOf(matches(page))).toEqual(expected('provenance', 'provenanceOfProvenance'));
    expect(idsOf(included(page))).toEqual(expected('referral', 'task'));
    const keys = page.entry!.map((entry) => keyOf(entry.resource));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('narrows an include to one target type with Source:param:Type', async () => {
    const page = await suite.search(`ServiceRequest?_include=ServiceRequest:requester:PractitionerRole`);
    expect(idsOf(included(page))).toEqual(expected('role'));
    expect(linkParameters(selfLink(page))).toEqual([['_include', 'ServiceRequest:requester:PractitionerRole']]);
  });

  it('includes on each page the resources of that page’s matches only', async () => {
    let next: string | undefined = 'Task?_include=Task:focus&_count=1';
    const pages = [];
    while (next) {
      const page = await suite.search(next);
      pages.push(page);
      next = nextLink(page)?.replace(`${BASE}/`, '');
    }
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      const [task] = matches(page);
      const focus = (task!.focus as { reference: string }).reference;
      expect(included(page).map(keyOf)).toEqual([focus]);
      expect(linkParameters(nextLink(page) ?? selfLink(page)).filter(([name]) => name === '_include')).toEqual([['_include', 'Task:focus']]);
    }
  });

  it('leaves out a deleted target', async () => {
    const doomed = await suite.create({ resourceType: 'Patient', name: [{ family: 'Gone' }] });
    const observation = await suite.create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${doomed}` } });
    await suite.remove('Patient', doomed);
    const page = await suite.search(`Observation?_id=${observation}&_include=Observation:patient`);
    expect(matches(page)).toHaveLength(1);
    expect(included(page)).toEqual([]);
  });

  it('ignores an include outside the registry or of another type, leaving it out of the self link; 400 under strict handling', async () => {
    const page = await suite.search(`Task?_id=${id.task}&_include=Task:owner&_include=ServiceRequest:patient&_include=*`);
    expect(included(page)).toEqual([]);
    expect(linkParameters(selfLink(page))).toEqual([['_id', id.task]]);
    expect((await suite.get('Task?_include=Task:owner', { prefer: 'handling=strict' })).status).toBe(400);
  });
});

describe('_revinclude (FHIR R4 search.html#revinclude)', () => {
  it('Provenance:target brings the Provenance of each match, as written by every create', async () => {
    const response = await suite.t.app.request('/fhir/Patient', {
      method: 'POST',
      headers: { ...suite.auth, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Nakamura' }] }),
    });
    expect(response.status).toBe(201);
    const patient = (await response.json()).id as string;
    const page = await suite.search(`Patient?_id=${patient}&_revinclude=Provenance:target`);
    expect(idsOf(matches(page))).toEqual([patient]);
    const [provenance] = included(page);
    expect(provenance).toMatchObject({ resourceType: 'Provenance', target: [{ reference: `Patient/${patient}/_history/1` }] });
  });

  it('Task:focus brings the Tasks that work on each ServiceRequest', async () => {
    const page = await suite.search(`ServiceRequest?_id=${id.referral}&_revinclude=Task:focus`);
    expect(included(page).map(keyOf)).toEqual([`Task/${id.task}`]);
  });

  it('Observation:patient and DiagnosticReport:result bring what points at the matches', async () => {
    const patients = await suite.search(`Patient?_id=${id.ana}&_revinclude=Observation:patient`);
    expect(idsOf(included(patients))).toEqual(expected('walk', 'tug'));
    const observations = await suite.search(`Observation?_id=${id.walk}&_revinclude=DiagnosticReport:result`);
    expect(idsOf(included(observations))).toEqual(expected('report'));
  });

  it('combines with _include on the same page, each resource once', async () => {
    const page = await suite.search(`ServiceRequest?_id=${id.referral}&_revinclude=Task:focus&_revinclude=Provenance:target&_include=ServiceRequest:patient`);
    expect(included(page).map(keyOf).sort()).toEqual([`Patient/${id.ana}`, `Provenance/${id.provenance}`, `Task/${id.task}`].sort());
  });

  it('ignores a revinclude whose path cannot point at the searched type', async () => {
    const page = await suite.search(`Patient?_id=${id.ana}&_revinclude=DiagnosticReport:result`);
    expect(included(page)).toEqual([]);
    expect(linkParameters(selfLink(page))).toEqual([['_id', id.ana]]);
  });
});

describe('includes and tenancy (DESIGN.md Storage; FHIR R4 search.html#include)', () => {
  it('never includes, or revincludes, a resource of another practice, even when it is referenced by id', async () => {
    const otherPractice = await createTestPractice(suite.t.repositories, 'Other Clinic');
    const otherAuth = suite.t.authorize(systemPrincipal(otherPractice));
    const otherStore = suite.t.repositories.resourcesOf(otherPractice);
    const task = {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      focus: { reference: `ServiceRequest/${id.referral}` },
      for: { reference: `Patient/${id.ana}` },
    };
    const intruder = (await otherStore.create(task)).resource.id;

    const theirs = await (await suite.t.app.request(`/fhir/Task?_id=${intruder}&_include=Task:focus&_include=Task:patient`, { headers: otherAuth })).json();
    expect(theirs.entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toEqual([intruder]);

    const ours = await suite.search(`ServiceRequest?_id=${id.referral}&_revinclude=Task:focus`);
    expect(included(ours).map(keyOf)).toEqual([`Task/${id.task}`]);
    const ourPatient = await suite.search(`Patient?_id=${id.ana}&_revinclude=Task:patient`);
    expect(included(ourPatient).map(keyOf)).toEqual([`Task/${id.task}`]);
  });
});

describe('includes in the CapabilityStatement (FHIR R4 capabilitystatement.html)', () => {
  it('lists exactly the registered paths: searchInclude on the source type, searchRevInclude on each type they can point at', async () => {
    expect(SEARCH_INCLUDES.map(includeName)).toEqual([
      'Task:focus',
      'Task:patient',
      'Task:output',
      'ServiceRequest:patient',
      'ServiceRequest:requester',
      'DiagnosticReport:result',
      'Observation:patient',
      'Provenance:target',
    ]);
    const statement = (await (await suite.t.app.request('/fhir/metadata')).json()) as CapabilityStatement;
    for (const { type } of RESOURCE_TYPES) {
      const resource = statement.rest![0]!.resource!.find((entry) => entry.type === type)!;
      const includes = SEARCH_INCLUDES.filter((path) => path.sourceType === type).map(includeName);
      const revIncludes = SEARCH_INCLUDES.filter((path) => includeTargetTypes(path).includes(type)).map(includeName);
      expect(resource.searchInclude ?? [], type).toEqual(includes);
      expect(resource.searchRevInclude ?? [], type).toEqual(revIncludes);
    }
    const patient = statement.rest![0]!.resource!.find((entry) => entry.type === 'Patient')!;
    expect(patient.searchRevInclude).toEqual(['Task:focus', 'Task:patient', 'Task:output', 'ServiceRequest:patient', 'ServiceRequest:requester', 'Observation:patient', 'Provenance:target']);
  });
});
