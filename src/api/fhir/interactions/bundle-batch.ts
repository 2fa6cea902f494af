import { isDatabaseUnavailable } from '../../../db/errors';
import { bundleJson, type BundleEntryParts } from '../../../fhir/bundle';
import { badRequest, FhirError, serviceUnavailable } from '../../../fhir/outcome';
import { isBundleLocalReference, referencesIn } from '../../../fhir/references';
import type { FhirContext, FhirResult } from '../fhir-request';
import { FHIR_JSON } from '../http-semantics';
import { dispatchEntry } from './bundle-dispatch';
import type { PlannedEntry } from './bundle-plan';
import { entryErrorOf, failureEntry, successEntry } from './bundle-response';

/**
 * A `batch` Bundle: each entry runs on its own, in Bundle order, through the interaction the HTTP
 * API uses (each write in its own database transaction). A failing entry answers its status and
 * OperationOutcome in its response entry and the others go on. Entries may not depend on each
 * other, so a `urn:uuid:` reference is refused in that entry.
 * @see https://hl7.org/fhir/R4/http.html#transaction
 * @see https://hl7.org/fhir/R4/bundle.html#batch
 */
export async function runBatch(context: FhirContext, entries: PlannedEntry[], prefer: string | undefined): Promise<FhirResult> {
  const responses: BundleEntryParts[] = [];
  for (const entry of entries) responses.push(await runBatchEntry(context, entry, prefer));
  return {
    status: 200,
    headers: { 'Content-Type': FHIR_JSON },
    body: bundleJson({ type: 'batch-response', entries: responses }),
  };
}

async function runBatchEntry(context: FhirContext, entry: PlannedEntry, prefer: string | undefined): Promise<BundleEntryParts> {
  const { target } = entry;
  if (target instanceof FhirError) return failureEntry(target);
  const local = referencesIn(entry.resource).find(isBundleLocalReference);
  if (local) {
    return failureEntry(
      badRequest(`This entry refers to ${local}; batch entries are independent, so use a transaction to refer to other entries.`),
    );
  }
  try {
    const headers = prefer === undefined ? entry.conditions : { ...entry.conditions, prefer };
    return successEntry(context, await dispatchEntry(context, { target, headers, resource: entry.resource }));
  } catch (error) {
    const entryError = entryErrorOf(error) ?? (isDatabaseUnavailable(error) ? serviceUnavailable() : undefined);
    if (entryError) return failureEntry(entryError);
    throw error;
  }
}
