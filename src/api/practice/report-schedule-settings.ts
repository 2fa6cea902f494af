import type { Context } from 'hono';
import { resolveSchedule } from '../../domain/progress-report/schedule-setting';
import { actorRoleOf } from '../../fhir/validation/actor-role';
import { ApiError } from '../api-error';
import type { AppEnv } from '../app-env';
import { defineRoute, type ResourceAccess } from './practice-route';
import { reportScheduleBody, reportScheduleSchema } from './report-schedule-schemas';

/**
 * `GET|PUT /api/v1/settings/report-schedule`: how often the practice's referrals are due a
 * progress report unless a referral has its own schedule. The setting belongs to the practice of
 * the caller's token (never one named in the request), so another practice can neither read nor
 * change it. It is a property of the practice, i.e. of its Organization: reading needs the scope
 * to read Organization, changing it the scope to update Organization, and only the practice's
 * own people change it (a referrer's system client is refused).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */

const PATH = '/settings/report-schedule';

export function requirePracticeActor(c: Context<AppEnv>, what: string): void {
  if (actorRoleOf(c.var.principal.actor) !== 'practice') {
    throw new ApiError(403, { error: 'forbidden', message: `Only the practice's own users may change ${what}.` });
  }
}

const readAccess: ResourceAccess[] = [{ resourceType: 'Organization', interaction: 'read' }];

export const reportScheduleSettingRoutes = [
  defineRoute({
    method: 'get',
    path: PATH,
    operationId: 'getReportSchedule',
    tag: 'Progress reports',
    summary: "The practice's progress-report schedule",
    description: 'The schedule referrals follow unless they have their own; the default (every 30 days or 10 sessions) until set.',
    response: { status: 200, description: 'The schedule in force for the practice.', schema: reportScheduleSchema },
    errors: [],
    touches: readAccess,
    async handle(c) {
      const setting = await c.var.repositories.reportSchedules.find(c.var.principal.practiceId);
      return c.json(resolveSchedule(undefined, setting));
    },
  }),
  defineRoute({
    method: 'put',
    path: PATH,
    operationId: 'setReportSchedule',
    tag: 'Progress reports',
    summary: "Set the practice's progress-report schedule",
    description:
      'A report is due every `everyDays` days or every `everySessions` sessions since the last report, whichever comes first. Applies at once to every referral without its own schedule (GET /reports/due).',
    body: reportScheduleBody,
    response: { status: 200, description: 'The schedule now in force for the practice.', schema: reportScheduleSchema },
    errors: [400, 403, 415],
    touches: [...readAccess, { resourceType: 'Organization', interaction: 'update' }],
    async handle(c, { body, deps }) {
      requirePracticeActor(c, "the practice's report schedule");
      const stored = await c.var.repositories.reportSchedules.put(c.var.principal.practiceId, body, deps.clock.now());
      return c.json(resolveSchedule(undefined, stored));
    },
  }),
];
