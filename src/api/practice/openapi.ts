import { z } from 'zod';
import type { ApiErrorBody } from '../api-error';
import type { PracticeRoute } from './practice-route';

/**
 * The practice API's OpenAPI 3.1 document, generated from the route table and the same zod
 * schemas that validate requests (JSON Schema 2020-12, OpenAPI 3.1's dialect).
 * @see https://spec.openapis.org/oas/v3.1.0
 */

const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'forbidden',
  'not_found',
  'conflict',
  'implausible_value',
  'invalid_resource',
  'unsupported_media_type',
  'illegal_transition',
  'referral_stopped',
  'referral_closed',
];

const errorBody = z.object({
  error: z.string().describe(`A stable code: ${ERROR_CODES.join(', ')}.`),
  message: z.string(),
  fields: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('Every invalid field, with what is wrong with it.'),
}) satisfies z.ZodType<ApiErrorBody>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed; `fields` lists every invalid field.',
  403: 'The caller may not do this: its SMART scopes lack an interaction the operation performs (see `x-fhir-access`; `message` names the scope), or another rule refuses it (e.g. a referrer’s client issuing the practice’s report).',
  404: 'No such client (or referral) in the caller’s practice.',
  409: 'A resource changed meanwhile, or (referrals) the action is not possible in the current status, which `currentStatus` names; nothing was recorded.',
  415: 'The body is not JSON.',
  422: 'A value is implausible or breaks a rule; `fields` says which.',
};

type JsonSchema = Record<string, unknown>;

const OPERATION_OUTCOME_SCHEMA = { type: 'object', properties: { resourceType: { const: 'OperationOutcome' } } };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, ...rest } = generated;
  return rest;
}

const PATH_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  reportId: 'The progress report id (its FHIR DiagnosticReport id).',
};

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parameters(route: PracticeRoute): JsonSchema[] {
  const path = [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: PATH_PARAMETER_DESCRIPTIONS[name!] ?? (route.path.startsWith('/referrals/') ? 'The referral id (its FHIR Task id).' : 'The client id (its FHIR Patient id).'),
    schema: { type: 'string', format: 'uuid' },
  }));
  const shape = route.query instanceof z.ZodObject ? (route.query.shape as Record<string, z.ZodType>) : {};
  const query = Object.entries(shape).map(([name, field]) => {
    const { description, ...schema } = jsonSchema(field, 'input');
    return { name, in: 'query', required: !field.safeParse(undefined).success, ...(description ? { description } : {}), schema };
  });
  return [...path, ...query];
}

function operation(route: PracticeRoute): JsonSchema {
  const json = (schema: z.ZodType, io: 'input' | 'output') => ({ 'application/json': { schema: jsonSchema(schema, io) } });
  const errorRef = (status: number) => ({ $ref: `#/components/responses/Error${status}` });
  const errors = Object.fromEntries(route.errors.map((status) => [String(status), errorRef(status)]));
  const { status, description, schema, contentType } = route.response;
  const content = contentType ? { [contentType]: { schema: { type: 'string', contentMediaType: contentType } } } : json(schema, 'output');
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    parameters: parameters(route),
    ...(route.body ? { requestBody: { required: true, content: json(route.body, 'input') } } : {}),
    responses: {
      [String(status)]: { description, content },
      ...errors,
      '401': errorRef(401),
      '403': errorRef(403),
    },
    'x-fhir-access': route.touches,
  };
}

export function openApiDocument(routes: readonly PracticeRoute[], publicUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        tags: ['Meta'],
        summary: 'This document',
        security: [],
        responses: {
          '200': { description: 'The OpenAPI 3.1 document of the practice API.', content: { 'application/json': {} } },
        },
      },
    },
  };
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const errorResponses = Object.entries(ERROR_DESCRIPTIONS).map(([status, text]) => [`Error${status}`, errorResponse(text)]);
  return {
    openapi: '3.1.0',
    info: {
      title: 'MetBridge practice API',
      version: '1',
      description: [
        'The trainer-facing API of a MetBridge practice. Everything recorded here is stored as FHIR R4 resources',
        '(US Core and PA IG shapes) and can be read back from /fhir with the same ids. `x-fhir-access` lists the FHIR',
        'interactions each operation performs, to which SMART scopes apply.',
      ].join(' '),
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearer: [] }],
    tags: ['Clients', 'Diagnoses', 'Assessments', 'Sessions', 'Goals', 'Progress reports', 'Referrals'].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The same access tokens as the FHIR API.' } },
      schemas: { Error: jsonSchema(errorBody, 'output') },
      responses: {
        ...Object.fromEntries(errorResponses),
        Error401: {
          description: 'No valid bearer token. The body is a FHIR OperationOutcome.',
          content: { 'application/fhir+json': { schema: OPERATION_OUTCOME_SCHEMA } },
        },
      },
    },
  };
}
