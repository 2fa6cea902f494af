import type { Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import { StoreError } from '../../../db/resource-store/types';
import { conflict, FhirError, notFound, type OutcomeIssueInput } from '../../../fhir/outcome';
import { actorRoleOf } from '../../../fhir/validation/actor-role';
import { validateWrite, type ResourceJson } from '../../../fhir/validation/validate-write';
import type { Principal } from '../../auth/principal';
import type { PracticeResourceStore } from '../../../db/resource-store/resource-store';
import type { Stored } from '../../practice/practice-context';
import { issueProgressReport, type ReportWriter } from '../../progress-reports/issue-progress-report';
import { ReportRefusal } from '../../progress-reports/report-refusal';
import { progressReportRequest, type ProgressReportRequest } from '../../progress-reports/report-request';
import type { Interaction } from '../fhir-request';
import { FHIR_JSON } from '../http-semantics';
import { recordProvenance } from '../provenance';
import { scopedResources } from '../scoped-resources';

/**
 * `POST [base]/Task/[id]/$progress-report`: the practice issues a progress report on a referral.
 * In: a Parameters resource — `period` (Period, required, dates), `narrative` and `nextSteps`
 * (string, required), `final` (boolean) and `plannedSessions` (integer). Out: the PA Intervention
 * Report DiagnosticReport, stored and linked from the Task's output in the same transaction as the
 * Task update (completed when `final`), and sent to the referring physician by their channel
 * (a Direct message queued in the same transaction). Every invalid parameter is reported (400); a caller acting
 * for the referrer is refused (403); an unknown Task is 404; a Task that is closed, not yet
 * accepted or on hold (for a final report) is 409.
 * @see https://fhir.metbridge.org/OperationDefinition/Task-progress-report
 * @see https://hl7.org/fhir/R4/operations.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-diagnosticreport.html
 */
export const progressReport: Interaction = async (context, request) => {
  const input = parseParameters(request.body);
  try {
    const { report } = await issueProgressReport(
      {
        store: context.store,
        principal: context.principal,
        clock: context.clock,
        fhirBase: context.baseUrl,
        write: (work) =>
          context.repositories
            ? context.repositories.transaction((tx) => work(fhirWriter(scopedResources(tx, context.principal), context.principal), tx))
            : context.store.transaction((store) => work(fhirWriter(store, context.principal), undefined)),
      },
      { taskId: request.id! },
      input,
    );
    return {
      status: 200,
      headers: { 'Content-Type': FHIR_JSON, 'Content-Location': `${context.baseUrl}/DiagnosticReport/${report.id}/_history/${report.meta?.versionId}` },
      body: JSON.stringify(report),
    };
  } catch (error) {
    if (error instanceof ReportRefusal) throw refusalOutcome(error);
    throw error;
  }
};

/** Each parameter and the `value[x]` it takes. */
const PARAMETER_TYPES = {
  period: 'valuePeriod',
  narrative: 'valueString',
  nextSteps: 'valueString',
  final: 'valueBoolean',
  plannedSessions: 'valueInteger',
} as const satisfies Record<string, keyof ParametersParameter>;

/** The Parameters as a report request; every unknown, repeated, mistyped, missing or invalid parameter is an issue. */
function parseParameters(body: unknown): ProgressReportRequest {
  const parameters = body as Parameters | undefined;
  if (!parameters || typeof parameters !== 'object' || parameters.resourceType !== 'Parameters') {
    throw new FhirError(400, [{ code: 'invalid', diagnostics: 'The body must be a Parameters resource.' }]);
  }
  const issues: OutcomeIssueInput[] = [];
  const values: Record<string, unknown> = {};
  const mistyped = new Set<string>();
  (parameters.parameter ?? []).forEach((parameter, index) => {
    const name = parameter.name ?? '';
    const expression = `Parameters.parameter[${index}]`;
    if (!Object.hasOwn(PARAMETER_TYPES, name)) {
      const known = Object.keys(PARAMETER_TYPES).join(', ');
      issues.push({ code: 'not-supported', diagnostics: `Unknown parameter ${JSON.stringify(name)}; known: ${known}.`, expression });
      return;
    }
    const type = PARAMETER_TYPES[name as keyof typeof PARAMETER_TYPES];
    if (name in values || mistyped.has(name)) issues.push({ code: 'invalid', diagnostics: `Parameter ${name} is repeated.`, expression });
    else if (parameter[type] === undefined) {
      mistyped.add(name);
      issues.push({ code: 'invalid', diagnostics: `Parameter ${name} takes a ${type}.`, expression });
    } else values[name] = parameter[type];
  });
  const parsed = progressReportRequest.safeParse(values);
  if (!parsed.success) {
    for (const problem of parsed.error.issues) {
      const [name = '', ...rest] = problem.path.map(String);
      if (mistyped.has(name)) continue;
      const missing = problem.code === 'invalid_type' && values[name] === undefined;
      const at = rest.length ? `.value.${rest.join('.')}` : '';
      issues.push({
        code: missing ? 'required' : 'invalid',
        diagnostics: missing ? `Parameter ${name} is required.` : `${[name, ...rest].join('.')}: ${problem.message}`,
        expression: `Parameters.parameter.where(name = '${name}')${at}`,
      });
    }
  }
  if (issues.length || !parsed.success) throw new FhirError(400, issues);
  return parsed.data;
}

function refusalOutcome(refusal: ReportRefusal): FhirError {
  switch (refusal.reason) {
    case 'not-the-practice':
      return new FhirError(403, [{ code: 'forbidden', diagnostics: refusal.message }]);
    case 'client-not-found':
    case 'referral-not-found':
      return notFound(refusal.message);
    case 'referral-of-another-client':
    case 'referral-not-accepted':
    case 'referral-on-hold':
    case 'referral-closed':
      return conflict(`${refusal.message} Nothing was recorded.`);
    case 'period-in-future':
      return new FhirError(400, [{ code: 'invalid', diagnostics: refusal.message, expression: "Parameters.parameter.where(name = 'period').value.end" }]);
  }
}

/** Validated writes with their Provenance, on the transaction's store. */
function fhirWriter(store: PracticeResourceStore, principal: Principal): ReportWriter {
  const actorRole = actorRoleOf(principal.actor);
  return {
    async create<T extends Resource>(resource: T): Promise<Stored<T>> {
      const issues = validateWrite({ resource: resource as unknown as ResourceJson, actorRole });
      if (issues.length) throw new FhirError(422, issues);
      const { resource: written } = await store.create(resource);
      await recordProvenance(store, principal, written, 'CREATE');
      return JSON.parse(written.json!) as Stored<T>;
    },
    async update<T extends Resource>(resource: Stored<T>, previous: Stored<T>, expectedVersion: number): Promise<Stored<T>> {
      const issues = validateWrite({ resource: resource as unknown as ResourceJson, previous: previous as unknown as ResourceJson, actorRole });
      if (issues.length) throw new FhirError(422, issues);
      try {
        const written = await store.update(resource, { expectedVersion });
        await recordProvenance(store, principal, written, 'UPDATE');
        return JSON.parse(written.json!) as Stored<T>;
      } catch (error) {
        if (error instanceof StoreError && error.reason === 'version-conflict') {
          throw conflict(`${resource.resourceType}/${resource.id} changed meanwhile; nothing was recorded. Retry.`);
        }
        throw error;
      }
    },
  };
}
