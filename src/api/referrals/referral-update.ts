import type { Task } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import { REFERRER_STOPPED_STATUSES } from '../../domain/referrals/referral-actions';
import { ApiError, type ApiErrorBody } from '../api-error';
import type { AppEnv } from '../app-env';
import { writeInTransaction, type PracticeWriter, type Stored } from '../practice/practice-context';
import { readReferral } from './referral-store';

/**
 * Changing a referral Task from the practice API, against the referrer's own updates: each
 * attempt reads the Task, decides, and writes with the version it read (optimistic
 * concurrency, in one transaction with everything the change creates). When the EHR wrote in
 * between, the attempt rolls back and the change is decided once more on what the EHR wrote —
 * so a cancellation by the referrer wins, and nothing the EHR wrote is overwritten.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 */

/** A referral conflict names the status the referral is in, so that the caller can show it. */
export interface ReferralConflictBody extends ApiErrorBody {
  currentStatus: string;
}

/** A change decided on the Task as read; `afterWrite` runs in the same transaction once the Task is written (e.g. to send what links to it). */
export type ReferralChange<R> = (
  current: Stored<Task>,
  writer: PracticeWriter,
) => Promise<{ task: Stored<Task>; result: R; afterWrite?: (written: Stored<Task>) => Promise<void> }>;

const ATTEMPTS = 2;

export async function changeReferral<R>(c: Context<AppEnv>, id: string, change: ReferralChange<R>): Promise<{ task: Stored<Task>; result: R }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeInTransaction(c, async (writer) => {
        const current = await readReferral(writer.store, id);
        refuseWhenReferrerStopped(current);
        const { task, result, afterWrite } = await change(current, writer);
        const written = await writer.update(task, current, Number(current.meta?.versionId));
        await afterWrite?.(written);
        return { task: written, result };
      });
    } catch (error) {
      if (attempt < ATTEMPTS && isVersionConflict(error)) continue;
      throw error;
    }
  }
}

/** The referrer's cancelled or entered-in-error ends every practice action: 409 saying so. */
function refuseWhenReferrerStopped(task: Task): void {
  if (!REFERRER_STOPPED_STATUSES.has(task.status)) return;
  const why = task.statusReason?.text ? ` (${task.statusReason.text})` : '';
  const what = task.status === 'cancelled' ? `cancelled this referral${why}` : `marked this referral entered-in-error${why}`;
  throw referralConflict('referral_stopped', `The referring physician ${what}; the practice can no longer act on it. Nothing was changed.`, task.status);
}

export function referralConflict(error: string, message: string, currentStatus: string): ApiError {
  const body: ReferralConflictBody = { error, message, currentStatus };
  return new ApiError(409, body);
}

function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.body.error === 'conflict';
}
