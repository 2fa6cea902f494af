import { env, exports } from 'cloudflare:workers';
import type { Patient } from '@medplum/fhirtypes';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/db/repositories';
import * as schema from '../../src/db/schema';
import { systemClock } from '../../src/lib/clock';

interface CreatedPractice {
  id: string;
  organizationId: string;
}

/** A practice created the way an operator does it: through the Worker's admin API. */
async function createPracticeThroughWorker(): Promise<CreatedPractice> {
  const response = await exports.default.fetch('http://metbridge.test/admin/practices', {
    method: 'POST',
    headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Workers Suite Practice' }),
  });
  expect(response.status).toBe(201);
  return response.json<CreatedPractice>();
}

/**
 * Repositories on a fresh postgres.js client through the Hyperdrive binding, built as the Worker
 * builds them. Like the Worker, the test never ends the client: on workerd `sql.end()` leaves an
 * unhandled "Stream was cancelled" rejection, and the runtime closes the socket anyway.
 * @see https://github.com/porsager/postgres/issues/1202
 */
function hyperdriveRepositories(): Repositories {
  const client = postgres(env.HYPERDRIVE.connectionString, { max: 1, fetch_types: false });
  return createRepositories(drizzle({ client, schema }), systemClock);
}

function parsed(json: string | null | undefined): Patient {
  return JSON.parse(json ?? 'null') as Patient;
}

describe('the resource store through Hyperdrive', () => {
  it("reaches the suite's own database, not the one wrangler.toml names for development", async () => {
    const client = postgres(env.HYPERDRIVE.connectionString, { max: 1, fetch_types: false });

    const [row] = await client<{ name: string }[]>`select current_database() as name`;

    expect(row?.name).toBe(new URL(inject('hyperdriveUrl')).pathname.slice(1));
  });

  it('holds the Organization the Worker created for a new practice', async () => {
    const practice = await createPracticeThroughWorker();

    const store = hyperdriveRepositories().resourcesOf(practice.id);
    const organization = await store.read('Organization', practice.organizationId);

    expect(organization?.versionId).toBe(1);
    expect(JSON.parse(organization?.json ?? '{}')).toMatchObject({
      resourceType: 'Organization',
      name: 'Workers Suite Practice',
    });
  });

  it('creates, reads, updates and lists the history of a Patient', async () => {
    const practice = await createPracticeThroughWorker();
    const store = hyperdriveRepositories().resourcesOf(practice.id);
    const patient: Patient = { resourceType: 'Patient', name: [{ family: 'Rivera', given: ['Ana'] }] };

    const created = await store.create(patient);
    expect(created.outcome).toBe('created');
    const { id } = created.resource;

    const read = await store.read('Patient', id);
    expect(read?.versionId).toBe(1);
    expect(parsed(read?.json).name).toEqual([{ family: 'Rivera', given: ['Ana'] }]);

    const renamed: Patient = { ...patient, id, name: [{ family: 'Rivera-Lopez' }] };
    const updated = await store.update({ ...renamed, id }, { expectedVersion: 1 });
    expect(updated.versionId).toBe(2);
    const reread = await store.read('Patient', id);
    expect(parsed(reread?.json).meta?.versionId).toBe('2');
    expect(parsed(reread?.json).name).toEqual([{ family: 'Rivera-Lopez' }]);

    const history = await store.history({ resourceType: 'Patient', id, count: 10 });
    expect(history.versions.map((version) => version.versionId)).toEqual([2, 1]);
    expect(history.versions.map((version) => parsed(version.json).name?.[0]?.family)).toEqual(['Rivera-Lopez', 'Rivera']);
  });

  it("keeps one practice's Patient out of another practice's store", async () => {
    const owner = await createPracticeThroughWorker();
    const other = await createPracticeThroughWorker();
    const repositories = hyperdriveRepositories();

    const { resource } = await repositories.resourcesOf(owner.id).create({ resourceType: 'Patient' });

    expect(await repositories.resourcesOf(other.id).read('Patient', resource.id)).toBeUndefined();
  });
});
