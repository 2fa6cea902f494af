import { describe, expect, it } from 'vitest';
import { taskCode } from '../../../../src/fhir/validation/rules/task-code';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { referralTask } from '../fixtures';

const check = (resource: ResourceJson) => taskCode({ resource, actorRole: 'referrer' });

describe('taskCode', () => {
  it('accepts task-code#fulfill', () => {
    expect(check(referralTask())).toEqual([]);
  });

  it('refuses a missing or different code', () => {
    expect(check(referralTask('requested', { code: undefined }))).toEqual([expect.objectContaining({ expression: 'Task.code' })]);
    const approve = { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'approve' }] };
    expect(check(referralTask('requested', { code: approve }))).toHaveLength(1);
  });
});
