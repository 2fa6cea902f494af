import type { PracticeRoute } from '../practice/practice-route';
import { acknowledgementRoutes } from './acknowledgement-routes';
import { referralActionRoutes } from './referral-action-routes';
import { referralInboxRoutes } from './referral-inbox-routes';
import { referralNoteRoute } from './referral-note-route';
import { referralReportScheduleRoutes } from './referral-report-schedule-routes';

/**
 * The referral routes of the practice API (`{id}` is the referral's Task id): the inbox, one
 * referral, the trainer's actions and interim progress, the acknowledgement letter and the
 * referral's report schedule.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */
export const referralRoutes: readonly PracticeRoute[] = [
  ...referralInboxRoutes,
  ...referralActionRoutes,
  referralNoteRoute,
  ...acknowledgementRoutes,
  ...referralReportScheduleRoutes,
];
