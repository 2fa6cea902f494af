import type { Patient, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import type { Repositories } from '../../db/repositories';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { StoreError, type StoredResource } from '../../db/resource-store/types';
import { assessmentByKey } from '../../domain/assessment-catalog';
import { catalogCoding } from '../../fhir/mappers/codings';
import { MAX_PAGE_SIZE, parseClause } from '../../fhir/search/parse';
import type { SearchClause } from '../../fhir/search/types';
import { actorRoleOf } from '../../fhir/validation/actor-role';
import { validateWrite, type ResourceJson } from '../../fhir/validation/validate-write';
import { ApiError } from '../api-error';
import type { AppEnv } from '../app-env';
import { practiceAccess } from '../audit/practice-audit';
import type { RequestAudit } from '../audit/request-audit';
import type { Principal } from '../auth/principal';
import { recordProvenance } from '../fhir/provenance';
import { clientNotFound, invalidResource } from './practice-errors';
import { practiceResources } from './route-scopes';

/**
 * What practice-API handlers share: the caller's practice store (the practice comes only from
 * the principal), the client lookup that makes other practices' clients invisible, searches,
 * and writes that validate, record Provenance and audit in one transaction.
 */

export type Stored<T extends Resource> = T & { id: string };

/** The caller's practice store, guarded by its scopes. */
export function practiceStore(c: Context<AppEnv>): PracticeResourceStore {
  return practiceResources(c.var.repositories, c.var.principal);
}

/** The client's Patient in the caller's practice; 404 when unknown, deleted or another practice's. */
export async function requireClient(store: PracticeResourceStore, clientId: string): Promise<Stored<Patient>> {
  const stored = await store.read('Patient', clientId);
  if (!stored?.json) throw clientNotFound(clientId);
  return JSON.parse(stored.json) as Stored<Patient>;
}

/** The trainer behind the request, as the Practitioner that performs or records; none for a system client. */
export function trainerReference(principal: Principal): Reference<Practitioner> | undefined {
  return principal.actor.kind === 'user' ? { reference: `Practitioner/${principal.actor.practitionerId}` } : undefined;
}

/** A search clause the registry must support; a missing one is a programming error, not a request error. */
export function clause(resourceType: string, name: string, value: string): SearchClause {
  const parsed = parseClause(resourceType, name, value);
  if (!parsed) throw new Error(`${resourceType} has no search parameter ${name}`);
  return parsed;
}

/** Observations coded as the catalog assessment `type` (by its code or an alternate: a token OR). */
export function assessmentCodeClause(type: string): SearchClause {
  const definition = assessmentByKey(type);
  if (!definition) throw new Error(`assessment type ${type} is not in the catalog`);
  const codings = [definition.code, ...(definition.alternateCodes ?? [])].map(catalogCoding);
  const tokens = codings.map((coding) => `${coding.system}|${coding.code}`);
  return clause('Observation', 'code', tokens.join(','));
}

/** Every current resource matching the clauses, across all pages. */
export async function searchAll<T extends Resource>(
  store: PracticeResourceStore,
  resourceType: T['resourceType'],
  clauses: SearchClause[],
): Promise<Stored<T>[]> {
  const found: Stored<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.search(resourceType, { clauses, count: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const stored of page.resources) if (stored.json) found.push(JSON.parse(stored.json) as Stored<T>);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** Records that the caller read a client's data (ids and counts only), in the next audit batch. */
export async function auditRead(
  c: Context<AppEnv>,
  kind: string,
  entity: { type: string; id?: string },
  count?: number,
): Promise<void> {
  c.var.audit.accessed(practiceAccess(c, kind, entity, count));
}

/** Writes of one request, inside its transaction. */
export class PracticeWriter {
  constructor(
    readonly store: PracticeResourceStore,
    private readonly audit: RequestAudit,
    private readonly principal: Principal,
    /** The transaction's repositories: what the request writes besides resources (the Direct outbox, deliveries). */
    readonly repositories: Repositories,
  ) {}

  /** Validates and creates `resource` (with `id` when the request chose it to link resources). */
  async create<T extends Resource>(resource: T, id?: string): Promise<Stored<T>> {
    const issues = validateWrite({ resource: asJson(resource), actorRole: actorRoleOf(this.principal.actor) });
    if (issues.length) throw invalidResource(issues);
    const { resource: written } = await this.store.create(resource, id ? { id } : {});
    return this.recorded<T>(written, 'CREATE');
  }

  /** Validates and replaces `resource`, provided it is still at `expectedVersion`. */
  async update<T extends Resource>(resource: Stored<T>, previous: Stored<T>, expectedVersion: number): Promise<Stored<T>> {
    const actorRole = actorRoleOf(this.principal.actor);
    const issues = validateWrite({ resource: asJson(resource), previous: asJson(previous), actorRole });
    if (issues.length) throw invalidResource(issues);
    try {
      return this.recorded<T>(await this.store.update(resource, { expectedVersion }), 'UPDATE');
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'version-conflict') {
        const message = `${resource.resourceType}/${resource.id} changed meanwhile; nothing was recorded. Retry.`;
        throw new ApiError(409, { error: 'conflict', message });
      }
      throw error;
    }
  }

  private async recorded<T extends Resource>(written: StoredResource, activity: 'CREATE' | 'UPDATE'): Promise<Stored<T>> {
    await recordProvenance(this.store, this.principal, written, activity);
    await this.audit.written(this.store, { interaction: activity === 'CREATE' ? 'create' : 'update', written, resourceJson: written.json });
    return JSON.parse(written.json!) as Stored<T>;
  }
}

function asJson(resource: Resource): ResourceJson {
  return resource as unknown as ResourceJson;
}

/** Runs `work` in one transaction: every resource, Provenance and AuditEvent commits or none does. */
export function writeInTransaction<T>(
  c: Context<AppEnv>,
  work: (writer: PracticeWriter) => Promise<T>,
): Promise<T> {
  const principal = c.var.principal;
  return c.var.repositories.transaction((tx) => work(new PracticeWriter(practiceResources(tx, principal), c.var.audit, principal, tx)));
}
