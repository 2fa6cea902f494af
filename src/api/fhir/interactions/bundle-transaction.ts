import type { OperationOutcome } from '@medplum/fhirtypes';
import { bundleJson, type BundleEntryParts } from '../../../fhir/bundle';
import { badRequest, FhirError, internalError } from '../../../fhir/outcome';
import { rewriteReferences } from '../../../fhir/references';
import type { FhirContext, FhirResult } from '../fhir-request';
import { FHIR_JSON } from '../http-semantics';
import { resolveConditionalReferences } from './bundle-conditional-references';
import { dispatchEntry, type EntryCall } from './bundle-dispatch';
import type { PlannedEntry } from './bundle-plan';
import {
  localReferencesOf,
  namesOfFullUrl,
  orderByDependencies,
  rewriteCriteria,
  rewriteQuery,
  type ServableEntry,
} from './bundle-references';
import { entryErrorOf, resourceAddress, successEntry } from './bundle-response';
import { prepareReferralEntries } from '../../referrals/referral-bundle-intake';

/**
 * A `transaction` Bundle: all entries succeed together or nothing changes. They run in one
 * database transaction in FHIR's order (DELETE, POST, PUT, GET), each through the interaction
 * the HTTP API uses, on the transaction's store. The fullUrl of every POSTed entry is mapped to
 * the `Type/id` it was given (or, for a conditional create that matched, the existing one), and
 * each later entry's references, criteria and search URLs are rewritten with that map before it
 * runs. A Bundle that carries a referral Task first goes through referral intake
 * ({@link prepareReferralEntries}), inside the same database transaction. The first failing entry rolls everything back; the answer is its OperationOutcome, with
 * its status, naming the entry.
 * @see https://hl7.org/fhir/R4/http.html#transaction
 * @see https://hl7.org/fhir/R4/http.html#trules
 */
export async function runTransaction(context: FhirContext, entries: PlannedEntry[], prefer: string | undefined): Promise<FhirResult> {
  const unservable = entries.find((entry) => entry.target instanceof FhirError);
  if (unservable) return transactionFailure(unservable, unservable.target as FhirError);
  const servable = entries as ServableEntry[];
  rejectOverlappingIdentities(servable);
  const aliases = fullUrlAliases(servable, context.baseUrl);
  rejectUnresolvableReferences(servable, aliases, context.baseUrl);
  const order = processingOrder(servable, context.baseUrl);

  // Read outside the database transaction: inside it, only the transaction's connection answers.
  const organizationId = servable.some((entry) => entry.target.resourceType === 'Task') ? await context.practiceOrganizationId() : undefined;
  const responses: BundleEntryParts[] = [];
  try {
    const { repositories: _outsideTheTransaction, ...inside } = context;
    await context.store.transaction(async (store) => {
      const transactionContext: FhirContext = { ...inside, store, practiceOrganizationId: async () => organizationId };
      const assigned = new Map(aliases);
      for (const entry of await prepareReferralEntries(transactionContext, order)) {
        const result = await runEntry(transactionContext, entry, assigned, prefer);
        responses[entry.index] = successEntry(transactionContext, result);
        if (entry.target.method === 'POST' && entry.fullUrl) {
          const address = addressOf(transactionContext, result);
          for (const name of namesOfFullUrl(entry.fullUrl, context.baseUrl)) assigned.set(name, address);
        }
      }
    });
  } catch (error) {
    if (error instanceof EntryFailure) return transactionFailure(error.entry, error.error);
    throw error;
  }
  return {
    status: 200,
    headers: { 'Content-Type': FHIR_JSON },
    body: bundleJson({ type: 'transaction-response', entries: responses }),
  };
}

class EntryFailure extends Error {
  constructor(
    readonly entry: PlannedEntry,
    readonly error: FhirError,
  ) {
    super(error.message);
  }
}

async function runEntry(
  context: FhirContext,
  entry: ServableEntry,
  assigned: ReadonlyMap<string, string>,
  prefer: string | undefined,
): Promise<FhirResult> {
  try {
    const call = await prepareCall(context, entry, assigned, prefer);
    const result = await dispatchEntry(context, call);
    if (result.status >= 400) throw new FhirError(result.status, [{ code: 'processing', diagnostics: `The entry answered ${result.status}.` }]);
    return result;
  } catch (error) {
    const entryError = entryErrorOf(error);
    if (entryError) throw new EntryFailure(entry, entryError);
    throw error;
  }
}

async function prepareCall(
  context: FhirContext,
  entry: ServableEntry,
  assigned: ReadonlyMap<string, string>,
  prefer: string | undefined,
): Promise<EntryCall> {
  const resource = entry.resource && (await resolveConditionalReferences(context.store, rewriteReferences(entry.resource, assigned)));
  const headers: Record<string, string> = { ...entry.conditions };
  if (headers['if-none-exist'] !== undefined) headers['if-none-exist'] = rewriteCriteria(headers['if-none-exist'], assigned);
  if (prefer !== undefined) headers.prefer = prefer;
  return { target: { ...entry.target, query: rewriteQuery(entry.target.query, assigned) }, headers, resource };
}

/** DELETE, then POST (each after the POSTs it references), then PUT, then GET. */
function processingOrder(entries: ServableEntry[], baseUrl: string): ServableEntry[] {
  const withMethod = (method: string) => entries.filter((entry) => entry.target.method === method);
  return [...withMethod('DELETE'), ...orderByDependencies(withMethod('POST'), baseUrl), ...withMethod('PUT'), ...withMethod('GET')];
}

/** A PUT's fullUrl (e.g. `urn:uuid:…`) stands for the resource its URL names. */
function fullUrlAliases(entries: ServableEntry[], baseUrl: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const entry of entries) {
    if (entry.target.method !== 'PUT' || !entry.fullUrl) continue;
    for (const name of namesOfFullUrl(entry.fullUrl, baseUrl)) aliases.set(name, `${entry.target.resourceType}/${entry.target.id}`);
  }
  return aliases;
}

/** @see https://hl7.org/fhir/R4/http.html#trules (identities of DELETE and PUT must not overlap) */
function rejectOverlappingIdentities(entries: ServableEntry[]): void {
  const seen = new Map<string, number>();
  for (const entry of entries) {
    if (entry.target.method !== 'DELETE' && entry.target.method !== 'PUT') continue;
    const identity = `${entry.target.resourceType}/${entry.target.id}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      throw badRequest(
        `Bundle.entry[${entry.index}] and Bundle.entry[${first}] both change ${identity}; a transaction may change a resource only once.`,
        `Bundle.entry[${entry.index}]`,
      );
    }
    seen.set(identity, entry.index);
  }
}

function rejectUnresolvableReferences(entries: ServableEntry[], aliases: Map<string, string>, baseUrl: string): void {
  const known = new Set(aliases.keys());
  for (const entry of entries) {
    if (entry.target.method === 'POST' && entry.fullUrl) for (const name of namesOfFullUrl(entry.fullUrl, baseUrl)) known.add(name);
  }
  for (const entry of entries) {
    const unknown = localReferencesOf(entry).find((reference) => !known.has(reference));
    if (unknown) {
      throw badRequest(
        `Bundle.entry[${entry.index}] refers to ${unknown}, which is not the fullUrl of a POST or PUT entry of this transaction.`,
        `Bundle.entry[${entry.index}]`,
      );
    }
  }
}

function addressOf(context: FhirContext, result: FhirResult): string {
  const location = result.headers.Location ?? result.headers['Content-Location'];
  const address = location ? resourceAddress(context, location) : undefined;
  if (!address) throw internalError();
  return address;
}

/** The failing entry's status and OperationOutcome, plus an issue naming the entry. */
function transactionFailure(entry: PlannedEntry, error: FhirError): FhirResult {
  const outcome: OperationOutcome = {
    ...error.outcome,
    issue: [
      ...error.outcome.issue,
      {
        severity: 'information',
        code: 'informational',
        diagnostics: `Bundle.entry[${entry.index}] (${entry.method} ${entry.url}) failed, so the transaction was rolled back and nothing was changed.`,
        expression: [`Bundle.entry[${entry.index}]`],
      },
    ],
  };
  return { status: error.status, headers: { 'Content-Type': FHIR_JSON, ...error.headers }, body: JSON.stringify(outcome) };
}
