import { ApiError, type FieldProblem } from '../api-error';

/** A 400 naming every field that failed a check the schema could not make (certificates, keys). */
export function invalidFieldList(fields: FieldProblem[]): ApiError {
  const count = fields.length === 1 ? '1 field is' : `${fields.length} fields are`;
  return new ApiError(400, { error: 'invalid_request', message: `The request body is invalid: ${count} wrong.`, fields });
}

/** A Direct address: an RFC 5322 addr-spec of a Direct domain, as an email address. */
export const DIRECT_ADDRESS_MESSAGE = 'Expected a Direct address (user@direct.example.org).';
