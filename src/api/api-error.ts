import type { z } from 'zod';

/**
 * Errors of the JSON (non-FHIR) surfaces: admin bootstrap and practice API. The body always names
 * every invalid field, so a client can fix all of them at once.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error: string;
  message: string;
  fields?: FieldProblem[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function invalidFields(issues: readonly z.core.$ZodIssue[]): ApiError {
  const fields = issues.flatMap((issue): FieldProblem[] => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...at, key].join('.'), message: 'Unknown field.' }));
    }
    return [{ field: at.length ? at.join('.') : '(body)', message: issue.message }];
  });
  const count = fields.length === 1 ? '1 field is' : `${fields.length} fields are`;
  return new ApiError(400, { error: 'invalid_request', message: `The request body is invalid: ${count} wrong.`, fields });
}

export const notFoundError = (message: string) => new ApiError(404, { error: 'not_found', message });

export const conflictError = (message: string) => new ApiError(409, { error: 'conflict', message });
