import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/db/resource-store/types';
import { clauses, contentOf, openStoreFixture, searchIds, type StoreFixture } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const RACERS = 6;

/** Runs `attempt` RACERS times at once and sorts the outcomes into fulfilled values and rejections. */
async function race<T>(attempt: (index: number) => Promise<T>) {
  const settled = await Promise.allSettled(Array.from({ length: RACERS }, (_, index) => attempt(index)));
  return {
    values: settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    errors: settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : [])),
  };
}

describe('concurrent updates (FHIR R4 http.html#concurrency)', () => {
  it('lets exactly one of several updates with the same expectedVersion win; the rest get version-conflict', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient', name: [{ family: 'Before' }] });

    const { values, errors } = await race((index) =>
      store.update(
        { resourceType: 'Patient', id: resource.id, name: [{ family: `Writer ${index}` }] },
        { expectedVersion: 1 },
      ),
    );

    expect(values).toHaveLength(1);
    expect(values[0]?.versionId).toBe(2);
    expect(errors).toHaveLength(RACERS - 1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ reason: 'version-conflict' });
    }
    const current = await store.read('Patient', resource.id);
    expect(current?.versionId).toBe(2);
    expect(current?.json).toBe(values[0]?.json);
    expect(await store.vread('Patient', resource.id, 3)).toBeUndefined();
  });

  it('refuses an update whose expectedVersion is not the current version', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient' });
    await store.update({ resourceType: 'Patient', id: resource.id, active: true });

    await expect(
      store.update({ resourceType: 'Patient', id: resource.id, active: false }, { expectedVersion: 1 }),
    ).rejects.toMatchObject({ reason: 'version-conflict' });
    expect((await store.read('Patient', resource.id))?.versionId).toBe(2);
  });

  it('serialises concurrent updates without expectedVersion, giving each its own version', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient' });

    const { values, errors } = await race((index) =>
      store.update({ resourceType: 'Patient', id: resource.id, name: [{ family: `Writer ${index}` }] }),
    );

    expect(errors).toEqual([]);
    expect(values.map((version) => version.versionId).sort((a, b) => a - b)).toEqual(
      Array.from({ length: RACERS }, (_, index) => index + 2),
    );
    expect((await store.read('Patient', resource.id))?.versionId).toBe(RACERS + 1);
  });
});

describe('concurrent conditional creates (FHIR R4 http.html#ccreate)', () => {
  it('creates exactly one Patient when identical conditional creates race; the others get it as existing', async () => {
    const store = await fixture.newStore();
    const ifNoneExist = clauses('Patient', 'identifier=urn:test:mrn|race-1');

    const { values, errors } = await race(() =>
      store.create({ resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: 'race-1' }] }, { ifNoneExist }),
    );

    expect(errors).toEqual([]);
    expect(values.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(values.filter((result) => result.outcome === 'existing')).toHaveLength(RACERS - 1);
    const ids = await searchIds(store, 'Patient', 'identifier=urn:test:mrn|race-1');
    expect(ids).toHaveLength(1);
    expect(new Set(values.map((result) => result.resource.id))).toEqual(new Set(ids));
  });

  it('creates exactly one Observation when identical conditional creates race, with no unique index to help', async () => {
    const store = await fixture.newStore();
    const ifNoneExist = clauses('Observation', 'identifier=urn:test:obs|race-2');

    const { values, errors } = await race((index) =>
      store.create(
        {
          resourceType: 'Observation',
          status: 'final',
          identifier: [{ system: 'urn:test:obs', value: 'race-2' }],
          note: [{ text: `attempt ${index}` }],
        },
        { ifNoneExist },
      ),
    );

    expect(errors).toEqual([]);
    expect(values.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(values.filter((result) => result.outcome === 'existing')).toHaveLength(RACERS - 1);
    expect(await searchIds(store, 'Observation', 'identifier=urn:test:obs|race-2')).toHaveLength(1);
    expect(await searchIds(store, 'Observation')).toHaveLength(1);
  });

  it('returns the one matching resource unchanged when a conditional create finds it', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({
      resourceType: 'Observation',
      status: 'final',
      identifier: [{ system: 'urn:test:obs', value: 'present' }],
    });

    const result = await store.create(
      { resourceType: 'Observation', status: 'amended', identifier: [{ system: 'urn:test:obs', value: 'present' }] },
      { ifNoneExist: clauses('Observation', 'identifier=urn:test:obs|present') },
    );

    expect(result).toEqual({ outcome: 'existing', resource });
    expect(contentOf(await store.read('Observation', resource.id)).status).toBe('final');
  });

  it('creates the resource when the conditional create criteria match nothing', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Observation', identifier: [{ system: 'urn:test:obs', value: 'other' }] });

    const result = await store.create(
      { resourceType: 'Observation', identifier: [{ system: 'urn:test:obs', value: 'new' }] },
      { ifNoneExist: clauses('Observation', 'identifier=urn:test:obs|new') },
    );

    expect(result.outcome).toBe('created');
    expect(await searchIds(store, 'Observation')).toHaveLength(2);
  });

  it('refuses a conditional create whose criteria match more than one resource, creating nothing', async () => {
    const store = await fixture.newStore();
    const code = { coding: [{ system: 'http://loinc.org', code: '8867-4' }] };
    await store.create({ resourceType: 'Observation', code });
    await store.create({ resourceType: 'Observation', code });

    await expect(
      store.create(
        { resourceType: 'Observation', code },
        { ifNoneExist: clauses('Observation', 'code=http://loinc.org|8867-4') },
      ),
    ).rejects.toMatchObject({ reason: 'multiple-matches' });
    expect(await searchIds(store, 'Observation')).toHaveLength(2);
  });
});
