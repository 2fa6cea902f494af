import { resolveSchedule } from '../../domain/progress-report/schedule-setting';
import { scheduleOfTask, withSchedule } from '../../fhir/mappers/report-schedule-extension';
import { auditRead, practiceStore } from '../practice/practice-context';
import { defineRoute } from '../practice/practice-route';
import { requirePracticeActor } from '../practice/report-schedule-settings';
import { reportScheduleBody, reportScheduleSchema } from '../practice/report-schedule-schemas';
import { readReferral } from './referral-store';
import { changeReferral, referralConflict } from './referral-update';

/**
 * `GET|PUT /api/v1/referrals/{id}/report-schedule`: one referral's own progress-report schedule,
 * overriding the practice's (for a physician who wants to hear back more or less often). Stored
 * on the referral Task as an extension, so the EHR sees it (see report-schedule-extension), and
 * written like every referral change: optimistic concurrency against the EHR, and refused with
 * 409 once the referrer cancelled the referral or the referral is closed.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#loop
 */

const OPEN_STATUSES: ReadonlySet<string> = new Set(['requested', 'accepted', 'in-progress', 'on-hold']);

const PATH = '/referrals/:id/report-schedule';

export const referralReportScheduleRoutes = [
  defineRoute({
    method: 'get',
    path: PATH,
    operationId: 'getReferralReportSchedule',
    tag: 'Referrals',
    summary: "A referral's progress-report schedule",
    description: "The schedule the referral follows: its own, else the practice's, else the default; `source` says which.",
    response: { status: 200, description: 'The schedule in force for the referral.', schema: reportScheduleSchema },
    errors: [404],
    touches: [
      { resourceType: 'Task', interaction: 'read' },
      { resourceType: 'Organization', interaction: 'read' },
    ],
    async handle(c) {
      const task = await readReferral(practiceStore(c), c.req.param('id')!);
      const practice = await c.var.repositories.reportSchedules.find(c.var.principal.practiceId);
      await auditRead(c, 'practice.referral.read', { type: 'Task', id: task.id });
      return c.json(resolveSchedule(scheduleOfTask(task), practice));
    },
  }),
  defineRoute({
    method: 'put',
    path: PATH,
    operationId: 'setReferralReportSchedule',
    tag: 'Referrals',
    summary: "Set a referral's own progress-report schedule",
    description:
      "Overrides the practice's schedule for this referral. Stored on the referral Task (extension https://fhir.metbridge.org/StructureDefinition/report-schedule), where the referring physician's EHR sees it.",
    body: reportScheduleBody,
    response: { status: 200, description: 'The schedule now in force for the referral.', schema: reportScheduleSchema },
    errors: [400, 403, 404, 409, 415],
    touches: [
      { resourceType: 'Task', interaction: 'read' },
      { resourceType: 'Task', interaction: 'update' },
    ],
    async handle(c, { body, deps }) {
      requirePracticeActor(c, "a referral's report schedule");
      const { task } = await changeReferral(c, c.req.param('id')!, async (current) => {
        if (!OPEN_STATUSES.has(current.status)) {
          throw referralConflict('referral_closed', `The referral is ${current.status}; no further reports are scheduled on it. Nothing was changed.`, current.status);
        }
        return { task: { ...withSchedule(current, body), lastModified: deps.clock.now().toISOString() }, result: undefined };
      });
      return c.json(resolveSchedule(scheduleOfTask(task), undefined));
    },
  }),
];
