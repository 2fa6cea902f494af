import { describe, expect, it } from 'vitest';
import {
  allowedNextStatuses,
  isTerminal,
  judgeTransition,
  REFERRAL_TASK_STATUSES,
  setterOf,
} from '../../../src/fhir/validation/referral-task-states';

describe('the referral Task state machine', () => {
  it('has exactly the PA IG diagram transitions, plus entered-in-error from every status', () => {
    const table = Object.fromEntries(REFERRAL_TASK_STATUSES.map((status) => [status, allowedNextStatuses(status)]));
    expect(table).toEqual({
      requested: ['accepted', 'rejected', 'cancelled', 'entered-in-error'],
      accepted: ['in-progress', 'completed', 'failed', 'cancelled', 'entered-in-error'],
      'in-progress': ['on-hold', 'completed', 'failed', 'cancelled', 'entered-in-error'],
      'on-hold': ['in-progress', 'failed', 'cancelled', 'entered-in-error'],
      rejected: ['entered-in-error'],
      cancelled: ['entered-in-error'],
      completed: ['entered-in-error'],
      failed: ['entered-in-error'],
      'entered-in-error': [],
    });
  });

  it('names the terminal statuses', () => {
    expect(REFERRAL_TASK_STATUSES.filter(isTerminal)).toEqual(['rejected', 'cancelled', 'failed', 'completed', 'entered-in-error']);
  });

  it('gives every status to the party the PA IG names as its initiator', () => {
    const practice = REFERRAL_TASK_STATUSES.filter((status) => setterOf(status) === 'practice');
    expect(practice).toEqual(['accepted', 'rejected', 'in-progress', 'on-hold', 'failed', 'completed']);
    expect(REFERRAL_TASK_STATUSES.filter((status) => setterOf(status) === 'referrer')).toEqual([
      'requested',
      'cancelled',
      'entered-in-error',
    ]);
  });

  it('judges with a tagged verdict', () => {
    expect(judgeTransition('requested', 'accepted', 'practice')).toEqual({ ok: true });
    expect(judgeTransition('requested', 'accepted', 'referrer')).toEqual({ ok: false, reason: 'wrong-actor', requiredRole: 'practice' });
    expect(judgeTransition('requested', 'completed', 'practice')).toEqual({ ok: false, reason: 'not-allowed' });
    expect(judgeTransition('failed', 'in-progress', 'practice')).toEqual({ ok: false, reason: 'terminal' });
  });
});
