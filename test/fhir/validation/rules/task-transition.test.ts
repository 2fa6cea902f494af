import { describe, expect, it } from 'vitest';
import { taskTransition } from '../../../../src/fhir/validation/rules/task-transition';
import type { ActorRole } from '../../../../src/fhir/validation/write-candidate';
import { referralTask } from '../fixtures';

const move = (from: string | undefined, to: string, actorRole: ActorRole) =>
  taskTransition({ resource: referralTask(to), previous: from === undefined ? undefined : referralTask(from), actorRole });

describe('taskTransition (PA IG referral state machine)', () => {
  it('lets the referrer create a requested Task, and nothing else', () => {
    expect(move(undefined, 'requested', 'referrer')).toEqual([]);
    expect(move(undefined, 'accepted', 'referrer')).toEqual([expect.objectContaining({ code: 'business-rule', expression: 'Task.status' })]);
    expect(move(undefined, 'requested', 'practice')[0]!.diagnostics).toContain('Only the referrer');
  });

  it('lets the practice answer and report progress along the diagram', () => {
    for (const [from, to] of [
      ['requested', 'accepted'],
      ['requested', 'rejected'],
      ['accepted', 'in-progress'],
      ['accepted', 'completed'],
      ['accepted', 'failed'],
      ['in-progress', 'on-hold'],
      ['on-hold', 'in-progress'],
      ['in-progress', 'completed'],
      ['in-progress', 'failed'],
      ['on-hold', 'failed'],
    ]) {
      expect(move(from, to!, 'practice'), `${from} → ${to}`).toEqual([]);
    }
  });

  it('lets the referrer cancel an open Task and mark any Task entered-in-error', () => {
    for (const from of ['requested', 'accepted', 'in-progress', 'on-hold']) expect(move(from, 'cancelled', 'referrer')).toEqual([]);
    for (const from of ['requested', 'accepted', 'rejected', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed']) {
      expect(move(from, 'entered-in-error', 'referrer'), from).toEqual([]);
    }
  });

  it('refuses steps the diagram does not have', () => {
    for (const [from, to] of [
      ['requested', 'in-progress'],
      ['requested', 'completed'],
      ['accepted', 'on-hold'],
      ['on-hold', 'completed'],
      ['accepted', 'requested'],
    ]) {
      const issues = move(from, to!, 'practice');
      expect(issues, `${from} → ${to}`).toEqual([expect.objectContaining({ code: 'business-rule', expression: 'Task.status' })]);
      expect(issues[0]!.diagnostics).toContain('cannot go from');
    }
  });

  it('refuses a referrer accepting and a practice cancelling', () => {
    expect(move('requested', 'accepted', 'referrer')[0]!.diagnostics).toContain('Only the practice may set a referral Task to accepted');
    expect(move('in-progress', 'completed', 'referrer')).toHaveLength(1);
    expect(move('accepted', 'cancelled', 'practice')[0]!.diagnostics).toContain('Only the referrer');
    expect(move('completed', 'entered-in-error', 'practice')).toHaveLength(1);
  });

  it('keeps terminal statuses terminal', () => {
    for (const from of ['rejected', 'cancelled', 'failed', 'completed']) {
      const issues = move(from, 'in-progress', 'practice');
      expect(issues, from).toHaveLength(1);
      expect(issues[0]!.diagnostics).toContain('terminal');
    }
    expect(move('entered-in-error', 'requested', 'referrer')[0]!.diagnostics).toContain('terminal');
  });

  it('allows edits that keep the status, even of a terminal Task', () => {
    expect(move('completed', 'completed', 'practice')).toEqual([]);
    expect(move('requested', 'requested', 'practice')).toEqual([]);
  });

  it('does not judge statuses outside the PA subset (the status rule reports them)', () => {
    expect(move('requested', 'ready', 'practice')).toEqual([]);
    expect(move('received', 'accepted', 'practice')).toEqual([]);
  });
});
