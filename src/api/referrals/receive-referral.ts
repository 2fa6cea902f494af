import type { Bundle, BundleEntry, Resource, Task } from '@medplum/fhirtypes';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { isTriaged, withChannel } from '../../fhir/mappers/referral-task';
import { FhirError, type OutcomeIssueInput } from '../../fhir/outcome';
import { rewriteReferences } from '../../fhir/references';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import type { AuditBatcher } from '../audit/audit-batcher';
import { auditServerOfFhirBase } from '../audit/audit-middleware';
import { RequestAudit } from '../audit/request-audit';
import type { Actor, Principal } from '../auth/principal';
import type { FhirContext } from '../fhir/fhir-request';
import { planBundle } from '../fhir/interactions/bundle-plan';
import { runTransaction } from '../fhir/interactions/bundle-transaction';

/** The practice a referral is addressed to. */
export interface ReferralPractice {
  id: string;
  /** Its FHIR Organization: every received Task is owned by it. */
  organizationId: string;
}

export interface ReceiveReferralOptions {
  /** `PUBLIC_URL + "/fhir"`. */
  baseUrl: string;
  clock: Clock;
  /** Where the AuditEvents of intake's reads wait for their batch (its writes are audited in the transaction). */
  auditBatch: AuditBatcher;
}

/** What intake made of a referral: the ids it now has on MetBridge, and whether a person must triage it. */
export interface ReceivedReferral {
  taskId: string;
  serviceRequestId?: string;
  patientId?: string;
  /** The referred person could not be matched safely; the Task's businessStatus is "needs triage". */
  triage: boolean;
}

/** The resource types a referral Bundle may carry (others are refused, never dropped silently). */
const REFERRAL_TYPES = new Set(['Task', 'ServiceRequest', 'Patient', 'Condition', 'Practitioner', 'PractitionerRole', 'Organization']);

/**
 * Receives a referral that arrived outside the FHIR REST API — a FHIR Bundle (`collection`,
 * `message`, `transaction`…) in a Direct message — exactly as if the referrer had POSTed it as a
 * transaction: the same referral intake (client matching, triage), validation, Provenance, and
 * all-or-nothing. The Task is owned by the practice's Organization whatever it said, and tagged
 * as received by Direct, so that the practice answers through Direct.
 *
 * `store` is the practice's store, normally inside the caller's transaction (intake runs in a
 * savepoint of it). `actor` is the referrer as the caller authenticated it (e.g. the sender of a
 * verified Direct message); it is recorded as the author in Provenance. Throws a FhirError whose
 * OperationOutcome names the offending entry when the referral is refused.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 * @see https://hl7.org/fhir/R4/http.html#transaction
 */
export async function receiveReferral(
  store: PracticeResourceStore,
  practice: ReferralPractice,
  bundle: unknown,
  actor: Actor,
  options: ReceiveReferralOptions,
): Promise<ReceivedReferral> {
  const resources = referralResources(bundle);
  const transaction = referralTransaction(resources, practice);
  const principal: Principal = { practiceId: practice.id, actor, scopes: [] };
  const context: FhirContext = {
    store,
    principal,
    baseUrl: options.baseUrl,
    clock: options.clock,
    audit: new RequestAudit(options.auditBatch, principal, auditServerOfFhirBase(options.baseUrl), options.clock),
    practiceOrganizationId: async () => practice.organizationId,
  };
  const result = await runTransaction(context, planBundle(transaction, options.baseUrl).entries, 'return=minimal');
  const body = result.body ? (JSON.parse(result.body) as Bundle | { resourceType: 'OperationOutcome'; issue: IssueJson[] }) : undefined;
  if (result.status >= 400 || body?.resourceType !== 'Bundle') throw refusal(result.status, body);

  const idOf = (type: string) => {
    const index = transaction.entry!.findIndex((entry) => entry.resource?.resourceType === type);
    const answer = index < 0 ? undefined : body.entry?.[index];
    // A conditional create that matched (an existing client) answers with fullUrl only.
    const location = answer?.response?.location ?? answer?.fullUrl;
    return location?.match(new RegExp(`(?:^|/)${type}/([^/]+)`))?.[1];
  };
  const taskId = idOf('Task')!;
  const stored = await store.read('Task', taskId);
  const task = stored?.json ? (JSON.parse(stored.json) as Task) : undefined;
  const serviceRequestId = idOf('ServiceRequest');
  const patientId = idOf('Patient');
  return {
    taskId,
    ...(serviceRequestId ? { serviceRequestId } : {}),
    ...(patientId ? { patientId } : {}),
    triage: task ? isTriaged(task) : false,
  };
}

interface IssueJson {
  severity?: OutcomeIssueInput['severity'];
  code?: OutcomeIssueInput['code'];
  diagnostics?: string;
  expression?: string[];
}

type SourceEntry = { fullUrl?: string; resource: Resource };

function referralResources(bundle: unknown): SourceEntry[] {
  if (typeof bundle !== 'object' || bundle === null || (bundle as Resource).resourceType !== 'Bundle') {
    throw unprocessable('A referral must be a FHIR Bundle.', 'Bundle');
  }
  const entries = (bundle as Bundle).entry;
  if (!Array.isArray(entries)) throw unprocessable('The referral Bundle has no entries.', 'Bundle.entry');
  const found: SourceEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const resource = (entry as BundleEntry | undefined)?.resource;
    if (!resource || typeof resource !== 'object') throw unprocessable(`Bundle.entry[${index}] has no resource.`, `Bundle.entry[${index}]`);
    // A message Bundle starts with its MessageHeader: the envelope, not part of the referral.
    if (resource.resourceType === 'MessageHeader' && index === 0) continue;
    if (!REFERRAL_TYPES.has(resource.resourceType)) {
      throw unprocessable(
        `Bundle.entry[${index}] is a ${resource.resourceType}; a referral carries only ${[...REFERRAL_TYPES].join(', ')}.`,
        `Bundle.entry[${index}].resource`,
      );
    }
    found.push({ ...(typeof entry.fullUrl === 'string' ? { fullUrl: entry.fullUrl } : {}), resource });
  }
  const tasks = found.filter((entry) => entry.resource.resourceType === 'Task');
  if (tasks.length !== 1) throw unprocessable(`A referral Bundle carries exactly one Task; this one has ${tasks.length}.`, 'Bundle.entry');
  return found;
}

/** A transaction Bundle that POSTs every resource, each under a fresh `urn:uuid:` its references are rewritten to. */
function referralTransaction(entries: SourceEntry[], practice: ReferralPractice): Bundle {
  const names = new Map<string, string>();
  const urns = entries.map((entry) => {
    const urn = `urn:uuid:${newId()}`;
    if (entry.fullUrl) names.set(entry.fullUrl, urn);
    if (entry.resource.id) names.set(`${entry.resource.resourceType}/${entry.resource.id}`, urn);
    return urn;
  });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map((entry, index) => {
      const { id: _theirId, meta, ...content } = entry.resource as Resource & { meta?: Resource['meta'] };
      let resource = rewriteReferences({ ...content, ...(meta?.tag ? { meta: { tag: meta.tag } } : {}) }, names) as Resource;
      if (resource.resourceType === 'Task') {
        resource = withChannel({ ...resource, owner: { reference: `Organization/${practice.organizationId}` } }, 'direct');
      }
      return { fullUrl: urns[index]!, resource, request: { method: 'POST' as const, url: resource.resourceType } };
    }),
  };
}

function unprocessable(diagnostics: string, expression: string): FhirError {
  return new FhirError(422, [{ code: 'invalid', diagnostics, expression }]);
}

function refusal(status: number, body: unknown): FhirError {
  const issues = ((body as { issue?: IssueJson[] } | undefined)?.issue ?? []).map(
    (issue): OutcomeIssueInput => ({
      code: issue.code ?? 'processing',
      diagnostics: issue.diagnostics ?? 'The referral was refused.',
      ...(issue.severity ? { severity: issue.severity } : {}),
      ...(issue.expression?.[0] ? { expression: issue.expression[0] } : {}),
    }),
  );
  return new FhirError(status >= 400 ? status : 500, issues.length ? issues : [{ code: 'processing', diagnostics: 'The referral was refused.' }]);
}
