import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, invalidFields } from './api-error';

/**
 * Reads a JSON request body and validates it with `schema`: 415 for another media type,
 * 400 for malformed JSON, and 400 naming every invalid field otherwise.
 */
export async function readJsonBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.infer<Schema>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new ApiError(415, {
      error: 'unsupported_media_type',
      message: `Send the body as application/json${mediaType ? `, not ${mediaType}` : ''}.`,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidFields(parsed.error.issues);
  return parsed.data;
}
