import type postgres from 'postgres';
import { SEARCHED_CODES } from './practice-history';

const LOINC = 'http://loinc.org';
/** The page size of both searches. */
export const PAGE_SIZE = 50;
/** Ids the read scenario draws from. */
const READ_SAMPLE = 20_000;
/** Patients whose Observations the search scenario may query. */
const SEARCH_PATIENT_SAMPLE = 200;
/** Starting points of the incremental pull. */
const PULL_SAMPLE = 500;
/** A query qualifies when it matches at least this many: a full page and a `next` link. */
const ENOUGH_MATCHES = PAGE_SIZE + 10;

export type ScenarioName = 'read' | 'search' | 'pull';

/** One measured request shape: the paths the load generator draws from, on both servers alike. */
export interface Scenario {
  name: ScenarioName;
  title: string;
  /** Paths under the server root, query strings encoded. */
  paths: string[];
  notes: string[];
}

/** Random Observation ids of the practice: `GET /fhir/Observation/{id}`. */
export async function readScenario(sql: postgres.Sql, practiceId: string): Promise<Scenario> {
  const rows = await sql<{ id: string }[]>`
    select id from resources
    where practice_id = ${practiceId} and resource_type = 'Observation' and not deleted
    order by random() limit ${READ_SAMPLE}`;
  return {
    name: 'read',
    title: 'read Observation by id',
    paths: rows.map((row) => `/fhir/Observation/${row.id}`),
    notes: [`GET /fhir/Observation/{id} over ${rows.length} random ids`],
  };
}

/**
 * `Observation?patient=Patient/{id}&code=http://loinc.org|{code}&date=ge{day}&_count=50` for
 * (patient, code, day) triples that match at least {@link ENOUGH_MATCHES}: for sampled Patients
 * and each searched code, the day of the Observation 60th from the latest.
 */
export async function searchScenario(sql: postgres.Sql, practiceId: string): Promise<Scenario> {
  const rows = await sql<{ patient: string; code: string; low: Date | null }[]>`
    select p.id as patient, c.code, (
      select d.low from search_references ref
      join search_tokens t on t.practice_id = ref.practice_id and t.resource_type = ref.resource_type
        and t.resource_id = ref.resource_id and t.param = 'code' and t.system = ${LOINC} and t.code = c.code
      join search_dates d on d.practice_id = ref.practice_id and d.resource_type = ref.resource_type
        and d.resource_id = ref.resource_id and d.param = 'date'
      where ref.practice_id = ${practiceId} and ref.resource_type = 'Observation' and ref.param = 'patient'
        and ref.target_type = 'Patient' and ref.target_id = p.id::text
      order by d.low desc offset ${ENOUGH_MATCHES - 1} limit 1) as low
    from (
      select id from resources where practice_id = ${practiceId} and resource_type = 'Patient' and not deleted
      order by random() limit ${SEARCH_PATIENT_SAMPLE}) p
    cross join unnest(${sql.array([...SEARCHED_CODES])}::text[]) as c(code)`;
  const qualifying = rows.filter((row): row is { patient: string; code: string; low: Date } => row.low !== null);
  const notes: string[] = [];
  let triples = qualifying.map((row) => ({ patient: row.patient, code: row.code, day: row.low.toISOString().slice(0, 10) }));
  if (triples.length === 0) {
    notes.push(`no patient has ${ENOUGH_MATCHES} Observations of one code: the searches return fewer than ${PAGE_SIZE} (seed more per client)`);
    triples = rows.map((row) => ({ patient: row.patient, code: row.code, day: '2000-01-01' }));
  }
  const codes = [...new Set(triples.map((triple) => triple.code))].join(', ');
  notes.unshift(
    `GET /fhir/Observation?patient=Patient/{id}&code=${LOINC}|{code}&date=ge{day}&_count=${PAGE_SIZE} over ` +
      `${triples.length} (patient, code, day) triples; codes ${codes}`,
  );
  return {
    name: 'search',
    title: `search patient+code+date, ${PAGE_SIZE}/page`,
    paths: triples.map(
      (triple) =>
        `/fhir/Observation?${new URLSearchParams([
          ['patient', `Patient/${triple.patient}`],
          ['code', `${LOINC}|${triple.code}`],
          ['date', `ge${triple.day}`],
          ['_count', String(PAGE_SIZE)],
        ])}`,
    ),
    notes,
  };
}

/**
 * `Observation?_lastUpdated=gt{t}&_sort=_lastUpdated&_count=50`, as a system client pulls what
 * changed since its last pull, from instants that leave at least {@link ENOUGH_MATCHES} newer.
 * Without `sorted`, `_sort` is left out (for a server that does not support it yet).
 */
export async function pullScenario(sql: postgres.Sql, practiceId: string, sorted: boolean): Promise<Scenario> {
  const rows = await sql<{ last_updated: Date }[]>`
    select last_updated from resources
    where practice_id = ${practiceId} and resource_type = 'Observation' and not deleted
      and last_updated < (
        select last_updated from resources
        where practice_id = ${practiceId} and resource_type = 'Observation' and not deleted
        order by last_updated desc offset ${ENOUGH_MATCHES - 1} limit 1)
    order by random() limit ${PULL_SAMPLE}`;
  const instants = rows.length ? rows.map((row) => row.last_updated.toISOString()) : ['2000-01-01T00:00:00.000Z'];
  const sort: [string, string][] = sorted ? [['_sort', '_lastUpdated']] : [];
  return {
    name: 'pull',
    title: `_lastUpdated pull${sorted ? ', sorted' : ' (no _sort)'}, ${PAGE_SIZE}/page`,
    paths: instants.map(
      (instant) =>
        `/fhir/Observation?${new URLSearchParams([['_lastUpdated', `gt${instant}`], ...sort, ['_count', String(PAGE_SIZE)]])}`,
    ),
    notes: [
      `GET /fhir/Observation?_lastUpdated=gt{t}${sorted ? '&_sort=_lastUpdated' : ''}&_count=${PAGE_SIZE} ` +
        `over ${instants.length} instants t, each with ≥ ${ENOUGH_MATCHES} newer Observations`,
    ],
  };
}
