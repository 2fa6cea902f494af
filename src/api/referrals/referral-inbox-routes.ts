import type { Task } from '@medplum/fhirtypes';
import { z } from 'zod';
import { StoreError } from '../../db/resource-store/types';
import { MET_REFERRAL_STATUS_SYSTEM } from '../../fhir/mappers/referral-task';
import { REFERRAL_TASK_STATUSES } from '../../fhir/validation/referral-task-states';
import type { SearchClause } from '../../fhir/search/types';
import { ApiError } from '../api-error';
import { auditRead, practiceStore, type Stored } from '../practice/practice-context';
import { defineRoute } from '../practice/practice-route';
import { pageOf, pagingQuery } from '../practice/schemas';
import { readReferral, referralParts } from './referral-store';
import { referralSchema, referralView } from './referral-view';

/** The practice's referral inbox: every referral Task of the practice, newest change first. */

const statusList = z
  .string()
  .transform((value) => value.split(',').map((status) => status.trim()))
  .pipe(z.array(z.enum(REFERRAL_TASK_STATUSES)).min(1))
  .describe(`Only referrals in these statuses (comma-separated): ${REFERRAL_TASK_STATUSES.join(', ')}.`);

const inboxQuery = z.strictObject({
  status: statusList.optional(),
  needsTriage: z.enum(['true']).optional().describe('`true`: only referrals whose client could not be matched safely.'),
  ...pagingQuery(100, 25),
});

const inboxPage = pageOf(referralSchema);

export const referralInboxRoutes = [
  defineRoute({
    method: 'get',
    path: '/referrals',
    operationId: 'listReferrals',
    tag: 'Referrals',
    summary: "The practice's referral inbox",
    description: 'Referrals (PA IG Tasks) sent to the practice, most recently changed first, with client, physician and request.',
    query: inboxQuery,
    response: { status: 200, description: 'A page of referrals.', schema: inboxPage },
    errors: [400],
    touches: [
      { resourceType: 'Task', interaction: 'search' },
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'ServiceRequest', interaction: 'read' },
      { resourceType: 'Practitioner', interaction: 'read' },
    ],
    async handle(c, { query }) {
      const clauses: SearchClause[] = [];
      if (query.status) clauses.push({ kind: 'token', param: 'status', matches: query.status.map((code) => ({ code })) });
      if (query.needsTriage) clauses.push({ kind: 'token', param: 'business-status', matches: [{ system: MET_REFERRAL_STATUS_SYSTEM, code: 'needs-triage' }] });
      const store = practiceStore(c);
      const page = await store
        .search('Task', {
          clauses,
          count: query.limit,
          sort: [{ kind: 'lastUpdated', descending: true }],
          includes: [
            { direction: 'include', sourceType: 'Task', param: 'patient' },
            { direction: 'include', sourceType: 'Task', param: 'focus' },
          ],
          ...(query.cursor ? { cursor: query.cursor } : {}),
        })
        .catch(invalidCursor);
      const tasks = page.resources.flatMap((stored) => (stored.json ? [JSON.parse(stored.json) as Stored<Task>] : []));
      const parts = await referralParts(store, tasks, page.included ?? []);
      await auditRead(c, 'practice.referral.search', { type: 'Task' }, tasks.length);
      return c.json({ items: tasks.map((task) => referralView(task, parts)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/referrals/:id',
    operationId: 'getReferral',
    tag: 'Referrals',
    summary: 'Read a referral',
    response: { status: 200, description: 'The referral.', schema: referralSchema },
    errors: [404],
    touches: [
      { resourceType: 'Task', interaction: 'read' },
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'ServiceRequest', interaction: 'read' },
      { resourceType: 'Practitioner', interaction: 'read' },
    ],
    async handle(c) {
      const store = practiceStore(c);
      const task = await readReferral(store, c.req.param('id')!);
      await auditRead(c, 'practice.referral.read', { type: 'Task', id: task.id });
      return c.json(referralView(task, await referralParts(store, [task])));
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
