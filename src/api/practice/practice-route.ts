import type { Context } from 'hono';
import type { z } from 'zod';
import type { Clock } from '../../lib/clock';
import { invalidFields } from '../api-error';
import type { AppEnv } from '../app-env';
import { practiceAttempt } from '../audit/practice-audit';
import { readJsonBody } from '../read-body';
import { requireTouches } from './route-scopes';

/**
 * One route of the practice API as data: its method, path, schemas and the FHIR access it
 * implies. The router and the OpenAPI document are both generated from these entries, so the
 * document cannot drift from what the routes accept.
 */

export interface PracticeDeps {
  clock: Clock;
  /** `PUBLIC_URL + "/fhir"`: the base of the FHIR resources the practice API hands out (e.g. in a Bundle it sends). */
  fhirBase: string;
}

/** A FHIR interaction a route performs, so that SMART scopes can be applied to the route as to FHIR. */
export interface ResourceAccess {
  resourceType: string;
  interaction: 'read' | 'search' | 'create' | 'update';
}

export type ErrorStatus = 400 | 403 | 404 | 409 | 415 | 422;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<Body extends z.ZodType | undefined, Query extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'put';
  /** Hono path under `/api/v1`, e.g. `/clients/:id/goals`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  body?: Body;
  query?: Query;
  /** `contentType` defaults to application/json; another (a PDF) is documented as such. */
  response: { status: 200 | 201; description: string; schema: z.ZodType; contentType?: string };
  errors: readonly ErrorStatus[];
  touches: readonly ResourceAccess[];
  handle(c: Context<AppEnv>, input: { body: Infer<Body>; query: Infer<Query>; deps: PracticeDeps }): Promise<Response>;
}

export interface PracticeRoute extends Omit<RouteSpec<z.ZodType | undefined, z.ZodType | undefined>, 'handle'> {
  /**
   * Checks the principal's scopes against `touches` (403), parses the query and body with the
   * route's schemas (400 naming every invalid field), then handles.
   */
  run(c: Context<AppEnv>, deps: PracticeDeps): Promise<Response>;
}

export function defineRoute<Body extends z.ZodType | undefined = undefined, Query extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<Body, Query>,
): PracticeRoute {
  const { handle, ...described } = spec;
  return {
    ...described,
    async run(c, deps) {
      c.var.audit.attempting(practiceAttempt(c, spec));
      requireTouches(c.var.principal, spec.touches);
      const query = spec.query ? parseQuery(c, spec.query) : undefined;
      const body = spec.body ? await readJsonBody(c, spec.body) : undefined;
      return handle(c, { body: body as Infer<Body>, query: query as Infer<Query>, deps });
    },
  };
}

function parseQuery(c: Context, schema: z.ZodType): unknown {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalidFields(parsed.error.issues);
  return parsed.data;
}
