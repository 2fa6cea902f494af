import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids';
import { openStoreFixture, searchIds, type StoreFixture, type TestResourceStore } from './store-fixture';

let fixture: StoreFixture;
let store: TestResourceStore;
const ids: Record<string, string> = {};

const LOINC = 'http://loinc.org';
const MRN = 'urn:test:mrn';

/**
 * One practice with a small, fixed data set written at known instants:
 * - patients `alpha` (2025-01-15T09:00Z), `beta` (same day 12:00Z), `gamma` (2025-01-16T09:00Z);
 * - observations on alpha and beta, with different codes.
 */
beforeAll(async () => {
  fixture = await openStoreFixture();
  store = await fixture.newStore();
  const at = (iso: string) => fixture.clock.advance(new Date(iso).getTime() - fixture.clock.now().getTime());

  at('2025-01-15T09:00:00Z');
  const patient = async (...identifier: object[]) =>
    (await store.create({ resourceType: 'Patient', identifier })).resource.id;
  ids.alpha = await patient({ system: MRN, value: 'A-1' });
  at('2025-01-15T12:00:00Z');
  ids.beta = await patient({ value: 'A-1' }, { system: 'urn:test:other', value: 'B-2' });
  at('2025-01-16T09:00:00Z');
  ids.gamma = await patient({ system: 'urn:test:other', value: 'A-1' });

  ids.heartRate = (
    await store.create({
      resourceType: 'Observation',
      code: { coding: [{ system: LOINC, code: '8867-4' }, { system: 'urn:test:local', code: 'HR' }], text: 'Heart rate' },
      subject: { reference: `Patient/${ids.alpha}` },
    })
  ).resource.id;
  ids.weight = (
    await store.create({
      resourceType: 'Observation',
      code: { coding: [{ system: LOINC, code: '29463-7' }] },
      subject: { reference: `Patient/${ids.beta}` },
    })
  ).resource.id;
  ids.groupObservation = (
    await store.create({
      resourceType: 'Observation',
      code: { coding: [{ system: LOINC, code: '8867-4' }] },
      subject: { reference: `Group/${ids.alpha}` },
    })
  ).resource.id;
});
afterAll(() => fixture.close());

const sorted = (...names: string[]) => names.map((name) => ids[name]!).sort();

describe('search parameters for all resources (FHIR R4 search.html#all)', () => {
  it('finds resources by _id, several ids separated by commas meaning any of them', async () => {
    expect(await searchIds(store, 'Patient', `_id=${ids.alpha}`)).toEqual(sorted('alpha'));
    expect(await searchIds(store, 'Patient', `_id=${ids.alpha},${ids.gamma}`)).toEqual(sorted('alpha', 'gamma'));
    expect(await searchIds(store, 'Patient', `_id=${newId()}`)).toEqual([]);
    expect(await searchIds(store, 'Patient', '_id=not-a-uuid')).toEqual([]);
    expect(await searchIds(store, 'Patient', `_id=${ids.heartRate}`)).toEqual([]);
  });

  it('finds resources by _lastUpdated at the precision given, with eq, gt, ge, lt, le, sa and eb prefixes', async () => {
    const lastUpdated = (value: string) => searchIds(store, 'Patient', `_lastUpdated=${value}`);

    expect(await lastUpdated('2025-01-15')).toEqual(sorted('alpha', 'beta'));
    expect(await lastUpdated('eq2025-01-15T12:00:00Z')).toEqual(sorted('beta'));
    expect(await lastUpdated('2025-01-15T12:00Z')).toEqual(sorted('beta'));
    expect(await lastUpdated('2025-01')).toEqual(sorted('alpha', 'beta', 'gamma'));
    expect(await lastUpdated('gt2025-01-15')).toEqual(sorted('gamma'));
    expect(await lastUpdated('sa2025-01-15')).toEqual(sorted('gamma'));
    expect(await lastUpdated('ge2025-01-15T12:00:00Z')).toEqual(sorted('beta', 'gamma'));
    expect(await lastUpdated('lt2025-01-15T12:00:00Z')).toEqual(sorted('alpha'));
    expect(await lastUpdated('eb2025-01-16')).toEqual(sorted('alpha', 'beta'));
    expect(await lastUpdated('le2025-01-15T12:00:00Z')).toEqual(sorted('alpha', 'beta'));
    expect(await lastUpdated('ne2025-01-15')).toEqual(sorted('gamma'));
    expect(await lastUpdated('2025-01-15T13:00:00%2B01:00')).toEqual(sorted('beta'));
  });

  it('combines _lastUpdated bounds given twice into a window', async () => {
    expect(await searchIds(store, 'Patient', '_lastUpdated=gt2025-01-15T09:00:00Z&_lastUpdated=lt2025-01-16')).toEqual(
      sorted('beta'),
    );
  });
});

describe('token search (FHIR R4 search.html#token)', () => {
  it('matches identifier=system|value on both parts', async () => {
    expect(await searchIds(store, 'Patient', `identifier=${MRN}|A-1`)).toEqual(sorted('alpha'));
    expect(await searchIds(store, 'Patient', 'identifier=urn:test:other|A-1')).toEqual(sorted('gamma'));
  });

  it('matches identifier=|value only where the identifier has no system', async () => {
    expect(await searchIds(store, 'Patient', 'identifier=|A-1')).toEqual(sorted('beta'));
  });

  it('matches identifier=value under any system or none', async () => {
    expect(await searchIds(store, 'Patient', 'identifier=A-1')).toEqual(sorted('alpha', 'beta', 'gamma'));
    expect(await searchIds(store, 'Patient', 'identifier=a-1')).toEqual([]);
  });

  it('matches identifier=system| on any value in that system', async () => {
    expect(await searchIds(store, 'Patient', 'identifier=urn:test:other|')).toEqual(sorted('beta', 'gamma'));
  });

  it('matches a code against every coding of a CodeableConcept', async () => {
    expect(await searchIds(store, 'Observation', `code=${LOINC}|8867-4`)).toEqual(sorted('heartRate', 'groupObservation'));
    expect(await searchIds(store, 'Observation', 'code=urn:test:local|HR')).toEqual(sorted('heartRate'));
    expect(await searchIds(store, 'Observation', 'code=29463-7')).toEqual(sorted('weight'));
    expect(await searchIds(store, 'Observation', `code=urn:test:local|29463-7`)).toEqual([]);
  });
});

describe('reference search (FHIR R4 search.html#reference)', () => {
  it('matches patient=Patient/id and patient=id alike', async () => {
    expect(await searchIds(store, 'Observation', `patient=Patient/${ids.alpha}`)).toEqual(sorted('heartRate'));
    expect(await searchIds(store, 'Observation', `patient=${ids.alpha}`)).toEqual(sorted('heartRate'));
  });

  it('matches subject=Type/id on that type only, and subject=id on any type', async () => {
    expect(await searchIds(store, 'Observation', `subject=Patient/${ids.alpha}`)).toEqual(sorted('heartRate'));
    expect(await searchIds(store, 'Observation', `subject=Group/${ids.alpha}`)).toEqual(sorted('groupObservation'));
    expect(await searchIds(store, 'Observation', `subject=${ids.alpha}`)).toEqual(sorted('heartRate', 'groupObservation'));
  });

  it('matches an absolute or versioned reference by its type and id', async () => {
    const absolute = `https://fhir.example/Patient/${ids.beta}`;
    expect(await searchIds(store, 'Observation', `patient=${absolute}`)).toEqual(sorted('weight'));
    expect(await searchIds(store, 'Observation', `subject=Patient/${ids.beta}/_history/1`)).toEqual(sorted('weight'));
  });
});

describe('combining parameters (FHIR R4 search.html#combining)', () => {
  it('treats comma-separated values as alternatives (OR)', async () => {
    expect(await searchIds(store, 'Patient', `identifier=${MRN}|A-1,urn:test:other|B-2`)).toEqual(sorted('alpha', 'beta'));
    expect(await searchIds(store, 'Observation', `patient=${ids.alpha},${ids.beta}`)).toEqual(sorted('heartRate', 'weight'));
  });

  it('requires every repeated or distinct parameter to hold (AND)', async () => {
    expect(await searchIds(store, 'Patient', 'identifier=A-1&identifier=B-2')).toEqual(sorted('beta'));
    expect(await searchIds(store, 'Observation', `code=8867-4&patient=${ids.alpha}`)).toEqual(sorted('heartRate'));
    expect(await searchIds(store, 'Observation', `code=8867-4&patient=${ids.beta}`)).toEqual([]);
    expect(await searchIds(store, 'Patient', `_id=${ids.alpha},${ids.beta}&_lastUpdated=ge2025-01-15T12:00:00Z`)).toEqual(
      sorted('beta'),
    );
  });

  it('returns every current resource of the type when there are no parameters', async () => {
    expect(await searchIds(store, 'Observation')).toEqual(sorted('heartRate', 'weight', 'groupObservation'));
  });
});
