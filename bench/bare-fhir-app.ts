import { Hono } from 'hono';
import type postgres from 'postgres';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * The baseline's connections: `sql` for the primary-key read and the `_lastUpdated` range, whose
 * prepared (generic) plans are as good as any; `searchSql`, a pool of the same size whose
 * connections plan each execution with its parameters, for the patient+code+date search.
 */
export interface BarePools {
  sql: postgres.Sql;
  searchSql: postgres.Sql;
}

export interface BareFhirOptions {
  practiceId: string;
  /** The one bearer token accepted, compared as a string: the same work as a static token map. */
  token: string;
  /** `PUBLIC_URL + '/fhir'`, for `fullUrl` and links. */
  baseUrl: string;
}

interface ContentRow {
  id: string;
  content: string;
}

/**
 * The baseline of the FHIR benchmark: Hono and postgres.js with one hand-written statement per
 * scenario, over the very tables and rows MetBridge serves, answering the same JSON (the stored
 * text spliced into a searchset Bundle). It knows only the benchmark's query shapes and checks
 * nothing else — the ceiling that MetBridge's figures are read against.
 */
export function bareFhirApp({ sql, searchSql }: BarePools, options: BareFhirOptions) {
  const { practiceId, baseUrl } = options;
  const authorization = `Bearer ${options.token}`;

  const readById = (id: string) => sql<{ version_id: number; last_updated: Date; content: string }[]>`
    select version_id, last_updated, content from resources
    where practice_id = ${practiceId} and resource_type = 'Observation' and id = ${id} and not deleted`;

  /** `patient=Patient/…&code=system|code&date=ge…`: the index lookups written out, in id order like the store's. */
  const byPatientCodeDate = (patientId: string, system: string, code: string, from: Date, limit: number) => searchSql<ContentRow[]>`
    select r.id, r.content from resources r
    where r.practice_id = ${practiceId} and r.resource_type = 'Observation' and not r.deleted
      and exists (
        select 1 from search_references s
        where s.practice_id = r.practice_id and s.resource_type = r.resource_type and s.resource_id = r.id
          and s.param = 'patient' and s.target_id = ${patientId} and s.target_type = 'Patient')
      and exists (
        select 1 from search_tokens t
        where t.practice_id = r.practice_id and t.resource_type = r.resource_type and t.resource_id = r.id
          and t.param = 'code' and t.code = ${code} and t.system = ${system})
      and exists (
        select 1 from search_dates d
        where d.practice_id = r.practice_id and d.resource_type = r.resource_type and d.resource_id = r.id
          and d.param = 'date' and (d.high is null or d.high > ${from}))
    order by r.id
    limit ${limit}`;

  /** `_lastUpdated=gt…`, oldest first when sorted (the incremental pull), else in id order. */
  const updatedAfter = (after: Date, sorted: boolean, limit: number) =>
    sorted
      ? sql<ContentRow[]>`
          select id, content from resources
          where practice_id = ${practiceId} and resource_type = 'Observation' and not deleted and last_updated > ${after}
          order by last_updated, id
          limit ${limit}`
      : sql<ContentRow[]>`
          select id, content from resources
          where practice_id = ${practiceId} and resource_type = 'Observation' and not deleted and last_updated > ${after}
          order by id
          limit ${limit}`;

  return new Hono()
    .use('/fhir/*', async function requireToken(c, next) {
      if (c.req.header('authorization') !== authorization) return c.body(null, 401);
      await next();
    })
    .get('/fhir/Observation/:id', async (c) => {
      const [row] = await readById(c.req.param('id'));
      if (!row) return c.body(null, 404);
      return c.body(row.content, 200, {
        'Content-Type': FHIR_JSON,
        ETag: `W/"${row.version_id}"`,
        'Last-Modified': row.last_updated.toUTCString(),
      });
    })
    .get('/fhir/Observation', async (c) => {
      const query = c.req.query();
      const count = Number(query._count ?? 20);
      const self = `${baseUrl}/Observation?${new URL(c.req.url).search.slice(1)}`;
      let rows: ContentRow[];
      if (query._lastUpdated) {
        rows = await updatedAfter(new Date(query._lastUpdated.slice(2)), query._sort === '_lastUpdated', count + 1);
      } else {
        const [system, code] = (query.code ?? '').split('|');
        const from = new Date(`${(query.date ?? '').slice(2)}T00:00:00Z`);
        rows = await byPatientCodeDate((query.patient ?? '').replace(/^Patient\//, ''), system!, code ?? '', from, count + 1);
      }
      return c.body(searchset(baseUrl, self, rows, count), 200, { 'Content-Type': FHIR_JSON });
    });
}

/** A searchset Bundle of stored JSON text, with a `next` link when there is more. */
function searchset(baseUrl: string, self: string, rows: ContentRow[], count: number): string {
  const page = rows.slice(0, count);
  const links = [{ relation: 'self', url: self }];
  if (rows.length > count) links.push({ relation: 'next', url: `${self}&_cursor=${btoa(page.at(-1)!.id)}` });
  const entries = page.map(
    (row) => `{"fullUrl":${JSON.stringify(`${baseUrl}/Observation/${row.id}`)},"resource":${row.content},"search":{"mode":"match"}}`,
  );
  return `{"resourceType":"Bundle","type":"searchset","link":${JSON.stringify(links)},"entry":[${entries.join(',')}]}`;
}
