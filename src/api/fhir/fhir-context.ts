import type { Context } from 'hono';
import type { Clock } from '../../lib/clock';
import type { AppEnv } from '../app-env';
import type { FhirContext } from './fhir-request';
import { scopedResources } from './scoped-resources';

/** What a handler needs to build a {@link FhirContext}: the FHIR base URL and the clock. */
export interface FhirContextOptions {
  baseUrl: string;
  clock: Clock;
}

/** The context of an authenticated request: the principal's practice store, guarded by its scopes, and the principal. */
export function fhirContextOf(c: Context<AppEnv>, options: FhirContextOptions): FhirContext {
  return {
    store: scopedResources(c.var.repositories, c.var.principal),
    principal: c.var.principal,
    baseUrl: options.baseUrl,
    clock: options.clock,
    audit: c.var.audit,
    repositories: c.var.repositories,
    practiceOrganizationId: practiceOrganizationLookup(c),
  };
}

/** The principal's practice Organization id, read once per request and only when asked. */
export function practiceOrganizationLookup(c: Context<AppEnv>): () => Promise<string | undefined> {
  let found: Promise<string | undefined> | undefined;
  return () => (found ??= c.var.repositories.practices.findById(c.var.principal.practiceId).then((practice) => practice?.organizationId));
}
