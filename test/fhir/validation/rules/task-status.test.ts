import { describe, expect, it } from 'vitest';
import { REFERRAL_TASK_STATUSES } from '../../../../src/fhir/validation/referral-task-states';
import { taskStatus } from '../../../../src/fhir/validation/rules/task-status';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { referralTask } from '../fixtures';

const check = (resource: ResourceJson) => taskStatus({ resource, actorRole: 'referrer' });

describe('taskStatus (PA referral statuses)', () => {
  it('accepts every PA referral status', () => {
    for (const status of REFERRAL_TASK_STATUSES) expect(check(referralTask(status))).toEqual([]);
  });

  it.each(['draft', 'received', 'ready'])('refuses %s', (status) => {
    expect(check(referralTask(status))).toEqual([expect.objectContaining({ code: 'code-invalid', expression: 'Task.status' })]);
  });
});
