import type { OutcomeIssueInput } from '../../fhir/outcome';
import { ApiError, type FieldProblem } from '../api-error';

/** A value that is well-formed but not believable (a 6-minute walk of 9000 m): 422 naming each field. */
export function implausibleValues(problems: readonly FieldProblem[]): ApiError {
  const count = problems.length === 1 ? 'A value is' : `${problems.length} values are`;
  return new ApiError(422, {
    error: 'implausible_value',
    message: `${count} outside what is plausible; nothing was recorded.`,
    fields: problems.map(({ field, message }) => ({ field, message })),
  });
}

/** What the FHIR write rules refused in the resources a request would create. */
export function invalidResource(issues: readonly OutcomeIssueInput[]): ApiError {
  return new ApiError(422, {
    error: 'invalid_resource',
    message: 'The recorded data does not make a valid FHIR resource; nothing was recorded.',
    fields: issues.map((issue) => ({ field: issue.expression ?? '(resource)', message: issue.diagnostics })),
  });
}

export const clientNotFound = (clientId: string) =>
  new ApiError(404, { error: 'not_found', message: `There is no client ${clientId} in this practice.` });
