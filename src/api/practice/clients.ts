import type { Patient } from '@medplum/fhirtypes';
import { z } from 'zod';
import { StoreError } from '../../db/resource-store/types';
import { ADMINISTRATIVE_GENDERS } from '../../domain/client';
import { clientToPatient, patientToClient } from '../../fhir/mappers/patient';
import { newId } from '../../lib/ids';
import { ApiError } from '../api-error';
import { auditRead, clause, practiceStore, requireClient, writeInTransaction, type Stored } from './practice-context';
import { defineRoute } from './practice-route';
import { fhirDate, pageOf, pagingQuery, text } from './schemas';

/** Clients: the people a practice works with, each a US Core Patient. */

export const clientBody = z.strictObject({
  firstName: text(100),
  lastName: text(100),
  birthDate: fhirDate,
  gender: z.enum(ADMINISTRATIVE_GENDERS),
  email: z.email('Expected an email address.').max(320).optional(),
  phone: text(40).optional(),
});

export const clientSchema = z.object({ id: z.uuid(), ...clientBody.shape });

const clientListQuery = z.object({
  name: text(100).optional().describe('Only clients whose first or last name starts with this (case and accents ignored).'),
  ...pagingQuery(200, 50),
});

const clientPage = pageOf(clientSchema);

export const clientRoutes = [
  defineRoute({
    method: 'post',
    path: '/clients',
    operationId: 'createClient',
    tag: 'Clients',
    summary: 'Record a new client',
    description: 'Creates the client as a US Core Patient; the returned id is the Patient id.',
    body: clientBody,
    response: { status: 201, description: 'The client as recorded.', schema: clientSchema },
    errors: [400, 415, 422],
    touches: [{ resourceType: 'Patient', interaction: 'create' }],
    async handle(c, { body }) {
      const id = newId();
      const patient = await writeInTransaction(c, (writer) =>
        writer.create(clientToPatient(body, id), id),
      );
      return c.json(patientToClient(patient), 201, { Location: `/api/v1/clients/${patient.id}` });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients',
    operationId: 'listClients',
    tag: 'Clients',
    summary: "List the practice's clients",
    description: 'Pages through clients in a stable order; pass nextCursor back as cursor for the next page.',
    query: clientListQuery,
    response: { status: 200, description: 'A page of clients.', schema: clientPage },
    errors: [400],
    touches: [{ resourceType: 'Patient', interaction: 'search' }],
    async handle(c, { query }) {
      const clauses = query.name ? [clause('Patient', 'name', query.name)] : [];
      const page = await practiceStore(c)
        .search('Patient', { clauses, count: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) })
        .catch(invalidCursor);
      const patients = page.resources.flatMap((stored) => (stored.json ? [JSON.parse(stored.json) as Stored<Patient>] : []));
      const items = patients.map(patientToClient);
      await auditRead(c, 'practice.client.search', { type: 'Patient' }, items.length);
      return c.json({ items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id',
    operationId: 'getClient',
    tag: 'Clients',
    summary: 'Read a client',
    response: { status: 200, description: 'The client.', schema: clientSchema },
    errors: [404],
    touches: [{ resourceType: 'Patient', interaction: 'read' }],
    async handle(c) {
      const patient = await requireClient(practiceStore(c), c.req.param('id')!);
      await auditRead(c, 'practice.client.read', { type: 'Patient', id: patient.id });
      return c.json(patientToClient(patient));
    },
  }),
];

function invalidCursor(error: unknown): never {
  if (error instanceof StoreError && error.reason === 'invalid-cursor') {
    throw new ApiError(400, {
      error: 'invalid_request',
      message: 'The cursor is not valid.',
      fields: [{ field: 'cursor', message: 'Use the nextCursor of a previous page.' }],
    });
  }
  throw error;
}
