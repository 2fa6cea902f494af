import { describe, expect, it } from 'vitest';
import { taskStatusReason } from '../../../../src/fhir/validation/rules/task-status-reason';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { referralTask } from '../fixtures';

const check = (resource: ResourceJson) => taskStatusReason({ resource, actorRole: 'practice' });

describe('taskStatusReason (pa-taskrm-1)', () => {
  it.each(['rejected', 'on-hold', 'cancelled', 'failed'])('requires a statusReason when %s', (status) => {
    expect(check(referralTask(status))).toEqual([]);
    const issues = check(referralTask(status, { statusReason: undefined }));
    expect(issues).toEqual([expect.objectContaining({ code: 'invariant', expression: 'Task.statusReason' })]);
    expect(issues[0]!.diagnostics).toContain('pa-taskrm-1');
  });

  it.each(['requested', 'accepted', 'in-progress', 'completed', 'entered-in-error'])('does not permit a statusReason when %s', (status) => {
    expect(check(referralTask(status))).toEqual([]);
    expect(check(referralTask(status, { statusReason: { text: 'Why not' } }))).toEqual([
      expect.objectContaining({ expression: 'Task.statusReason' }),
    ]);
  });
});
