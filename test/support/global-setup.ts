import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { snapshotMigratedPglite } from '../../src/node/database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a migrated, empty PGlite data directory archive; empty when running on PostgreSQL. */
    pgliteSnapshot: string;
  }
}

/** Migrates one embedded database for the whole run; each test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteSnapshot', '');
    return;
  }
  const folder = await mkdtemp(join(tmpdir(), 'metbridge-pglite-'));
  const path = join(folder, 'migrated.tar');
  const snapshot = await snapshotMigratedPglite();
  await writeFile(path, new Uint8Array(await snapshot.arrayBuffer()));
  project.provide('pgliteSnapshot', path);
  return () => rm(folder, { recursive: true, force: true });
}
