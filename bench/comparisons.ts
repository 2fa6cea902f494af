import type { PracticeResourceStore } from '../src/db/resource-store/resource-store';
import type { BareResources } from './bare-resources';
import { combineResults, runLoad, type LoadPlan, type LoadResult } from './load-runner';
import { benchObservation } from './observation-fixture';

/** One operation measured through the store and through the bare baseline. */
export interface Comparison {
  operation: string;
  store: LoadResult;
  bare: LoadResult;
  /** What the baseline operation is, and anything else the reader of the figures should know. */
  notes: string[];
}

/** An Observation the store created, with what is needed to write a new version of it. */
export interface CreatedObservation {
  id: string;
  sequence: number;
  patientId: string;
}

export interface PhasePlans {
  warmUp: LoadPlan;
  create: LoadPlan;
  read: LoadPlan;
  update: LoadPlan;
  bareWrite: LoadPlan;
  /** Read phases alternate store and bare this many times, so neither always runs second. */
  readRounds: number;
}

/** Store creates (one transaction with version row and search index) versus a one-row insert. */
export async function compareCreates(
  store: PracticeResourceStore,
  bare: BareResources,
  patientIds: string[],
  plans: PhasePlans,
): Promise<{ comparison: Comparison; created: CreatedObservation[] }> {
  const created: CreatedObservation[] = [];
  let sequence = 0;
  const createOne = async () => {
    const current = sequence++;
    const patientId = patientIds[current % patientIds.length]!;
    const { resource } = await store.create(benchObservation(current, patientId));
    created.push({ id: resource.id, sequence: current, patientId });
  };
  await runLoad(plans.warmUp, createOne);
  const storeResult = await runLoad(plans.create, createOne);

  const insertOne = (index: number) => {
    const id = crypto.randomUUID();
    const body = { ...benchObservation(index, patientIds[index % patientIds.length]!), id };
    return bare.insert('Observation', id, JSON.stringify(body));
  };
  await runLoad(plans.warmUp, insertOne);
  const bareResult = await runLoad(plans.bareWrite, insertOne);
  return {
    comparison: {
      operation: 'create',
      store: storeResult,
      bare: bareResult,
      notes: ['store: one transaction (version row, search index rows, current row); bare: a one-row insert'],
    },
    created,
  };
}

/** `store.read` versus the bare primary-key select, over random ids of the same rows. */
export async function compareReads(
  store: PracticeResourceStore,
  bare: BareResources,
  ids: string[],
  plans: PhasePlans,
): Promise<Comparison> {
  let storeMisses = 0;
  let bareMisses = 0;
  const storeRead = async () => {
    if (!(await store.read('Observation', pickRandom(ids)))) storeMisses++;
  };
  const bareRead = async () => {
    if ((await bare.read('Observation', pickRandom(ids))).length === 0) bareMisses++;
  };
  await runLoad(plans.warmUp, storeRead);
  await runLoad(plans.warmUp, bareRead);
  const storeRounds: LoadResult[] = [];
  const bareRounds: LoadResult[] = [];
  for (let round = 0; round < plans.readRounds; round++) {
    storeRounds.push(await runLoad(plans.read, storeRead));
    bareRounds.push(await runLoad(plans.read, bareRead));
  }
  return {
    operation: 'read by id',
    store: combineResults(storeRounds),
    bare: combineResults(bareRounds),
    notes: [
      `store: store.read (prepared drizzle select); bare: postgres.js primary-key select; ` +
        `${plans.readRounds} alternating rounds each`,
      `reads that found nothing: store ${storeMisses}, bare ${bareMisses} (both should be 0)`,
    ],
  };
}

/** `store.update` (locked read, version row, re-index, current row) versus a one-row update. */
export async function compareUpdates(
  store: PracticeResourceStore,
  bare: BareResources,
  created: CreatedObservation[],
  plans: PhasePlans,
): Promise<Comparison> {
  let revision = 0;
  const storeUpdate = () => {
    const target = pickRandom(created);
    const body = benchObservation(target.sequence, target.patientId, ++revision);
    return store.update({ ...body, id: target.id });
  };
  const bareUpdate = () => {
    const target = pickRandom(created);
    const body = { ...benchObservation(target.sequence, target.patientId, ++revision), id: target.id };
    return bare.update('Observation', target.id, JSON.stringify(body));
  };
  await runLoad(plans.warmUp, storeUpdate);
  const storeResult = await runLoad(plans.update, storeUpdate);
  await runLoad(plans.warmUp, bareUpdate);
  const bareResult = await runLoad(plans.bareWrite, bareUpdate);
  return {
    operation: 'update',
    store: storeResult,
    bare: bareResult,
    notes: ['store: locked read, version row, search index rewrite, current row; bare: a one-row update'],
  };
}

/** Uniform choice; a benchmark's access pattern, not a security decision. */
function pickRandom<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}
