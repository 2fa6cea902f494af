import { describe, expect, it } from 'vitest';
import { taskFocusOwner } from '../../../../src/fhir/validation/rules/task-focus-owner';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { expressions, referralTask } from '../fixtures';

const check = (resource: ResourceJson) => taskFocusOwner({ resource, actorRole: 'referrer' });

describe('taskFocusOwner', () => {
  it('accepts literal and logical references', () => {
    expect(check(referralTask())).toEqual([]);
    const logical = { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } };
    expect(check(referralTask('requested', { owner: logical }))).toEqual([]);
  });

  it('requires both focus and owner, reporting each', () => {
    expect(expressions(check(referralTask('requested', { focus: undefined, owner: undefined })))).toEqual(['Task.focus', 'Task.owner']);
  });

  it('does not count a display-only reference as present', () => {
    expect(expressions(check(referralTask('requested', { owner: { display: 'Some gym' } })))).toEqual(['Task.owner']);
  });
});
