import type { Scenario } from './fhir-scenarios';

/** Paths of each scenario fetched from both servers before the load, to check their answers. */
const SAMPLE = 20;

export interface Verification {
  requests: number;
  /** What went wrong: a status other than 200, or answers that differ between the servers. */
  problems: string[];
  /** Searches: the mean number of entries in MetBridge's pages. */
  meanEntries?: number;
  /** Mean response body size, in bytes, per server. */
  meanBytes: { metbridge: number; bare: number };
}

export interface ServerTarget {
  port: number;
  token: string;
}

/**
 * Fetches a sample of the scenario's paths from MetBridge and from the baseline: every answer
 * must be a 200, and both must return the same resource (read) or the same entries in the same
 * order (searches) — so that the two sides of a comparison do the same work.
 */
export async function verifyScenario(scenario: Scenario, metbridge: ServerTarget, bare: ServerTarget): Promise<Verification> {
  const paths = scenario.paths.slice(0, SAMPLE);
  const problems: string[] = [];
  const entryCounts: number[] = [];
  const bytes = { metbridge: 0, bare: 0 };
  for (const path of paths) {
    const [ours, theirs] = await Promise.all([fetchText(metbridge, path), fetchText(bare, path)]);
    bytes.metbridge += Buffer.byteLength(ours.text);
    bytes.bare += Buffer.byteLength(theirs.text);
    if (ours.status !== 200 || theirs.status !== 200) {
      problems.push(`${path}: MetBridge ${ours.status}, bare ${theirs.status}${ours.status === 200 ? '' : ` (${ours.text.slice(0, 200)})`}`);
      continue;
    }
    if (scenario.name === 'read') {
      if (ours.text !== theirs.text) problems.push(`${path}: the two servers returned different resources`);
      continue;
    }
    const ourIds = entryIds(ours.text);
    entryCounts.push(ourIds.length);
    if (ourIds.join() !== entryIds(theirs.text).join()) problems.push(`${path}: the two servers returned different entries`);
  }
  const mean = (total: number) => (paths.length ? total / paths.length : 0);
  return {
    requests: paths.length,
    problems,
    ...(entryCounts.length ? { meanEntries: entryCounts.reduce((sum, count) => sum + count, 0) / entryCounts.length } : {}),
    meanBytes: { metbridge: mean(bytes.metbridge), bare: mean(bytes.bare) },
  };
}

/** Whether the server honours `_sort=_lastUpdated` (it keeps the parameter in the `self` link) or ignores it. */
export async function honoursLastUpdatedSort(target: ServerTarget): Promise<boolean> {
  const { status, text } = await fetchText(target, '/fhir/Observation?_sort=_lastUpdated&_count=1');
  if (status !== 200) return false;
  const bundle = JSON.parse(text) as { link?: { relation: string; url: string }[] };
  const self = bundle.link?.find((link) => link.relation === 'self')?.url ?? '';
  return new URL(self).searchParams.get('_sort') === '_lastUpdated';
}

async function fetchText(target: ServerTarget, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${target.port}${path}`, {
    headers: { Authorization: `Bearer ${target.token}`, Accept: 'application/fhir+json' },
  });
  return { status: response.status, text: await response.text() };
}

function entryIds(text: string): string[] {
  const bundle = JSON.parse(text) as { entry?: { resource?: { id?: string } }[] };
  return (bundle.entry ?? []).map((entry) => entry.resource?.id ?? '');
}
