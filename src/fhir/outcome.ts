import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * The one place FHIR errors are built. Handlers throw {@link FhirError}; the app's single
 * `onError` renders it. Messages never carry PHI or internals.
 * @see https://hl7.org/fhir/R4/operationoutcome.html
 * @see https://hl7.org/fhir/R4/http.html#Status-Codes
 */

export type IssueCode = OperationOutcomeIssue['code'];

export interface OutcomeIssueInput {
  code: IssueCode;
  diagnostics: string;
  severity?: OperationOutcomeIssue['severity'];
  /** FHIRPath of the offending element, e.g. `Patient.birthDate`. */
  expression?: string;
}

export function operationOutcome(issues: OutcomeIssueInput[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map(({ code, diagnostics, severity, expression }) => ({
      severity: severity ?? 'error',
      code,
      diagnostics,
      ...(expression ? { expression: [expression] } : {}),
    })),
  };
}

export function informationOutcome(diagnostics: string): OperationOutcome {
  return operationOutcome([{ severity: 'information', code: 'informational', diagnostics }]);
}

/** An error that already knows its HTTP status and OperationOutcome. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  readonly outcome: OperationOutcome;

  constructor(
    readonly status: number,
    issues: OutcomeIssueInput[],
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((issue) => issue.diagnostics).join('; '));
    this.outcome = operationOutcome(issues);
  }
}

export const badRequest = (diagnostics: string, expression?: string) =>
  new FhirError(400, [{ code: 'invalid', diagnostics, expression }]);

export const notFound = (diagnostics: string) => new FhirError(404, [{ code: 'not-found', diagnostics }]);

export const gone = (diagnostics: string) => new FhirError(410, [{ code: 'deleted', diagnostics }]);

export const conflict = (diagnostics: string) => new FhirError(409, [{ code: 'conflict', diagnostics }]);

export const preconditionFailed = (diagnostics: string) =>
  new FhirError(412, [{ code: 'conflict', diagnostics }]);

export const payloadTooLarge = (limitBytes: number) =>
  new FhirError(413, [{ code: 'too-costly', diagnostics: `The request body exceeds the limit of ${limitBytes} bytes.` }]);

export const serviceUnavailable = () =>
  new FhirError(503, [{ code: 'transient', diagnostics: 'The database is not reachable; nothing was changed. Retry later.' }], {
    'Retry-After': '5',
  });

export const internalError = () =>
  new FhirError(500, [{ code: 'exception', diagnostics: 'An unexpected error occurred.' }]);
