import { describe, expect, it } from 'vitest';
import { taskOwnerIsPractice } from '../../../../src/fhir/validation/rules/task-owner-practice';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { expressions, referralTask } from '../fixtures';

const referralOwner = { organizationId: 'practice', baseUrl: 'https://metbridge.test/fhir' };
const check = (resource: ResourceJson, previous?: ResourceJson) => taskOwnerIsPractice({ resource, ...(previous ? { previous } : {}), actorRole: 'referrer', referralOwner });

describe('taskOwnerIsPractice', () => {
  it("accepts the practice's Organization, relative or absolute on this server", () => {
    expect(check(referralTask())).toEqual([]);
    expect(check(referralTask('requested', { owner: { reference: 'https://metbridge.test/fhir/Organization/practice' } }))).toEqual([]);
  });

  it('refuses any other owner, naming Task.owner and the expected reference', () => {
    for (const owner of [{ reference: 'Organization/elsewhere' }, { reference: 'https://other.example/fhir/Organization/practice' }, { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } }]) {
      const issues = check(referralTask('requested', { owner }));
      expect(expressions(issues)).toEqual(['Task.owner']);
      expect(issues[0]!.diagnostics).toContain('Organization/practice');
    }
  });

  it('leaves an unchanged owner alone on update, and refuses handing the Task over', () => {
    const legacy = referralTask('requested', { owner: { reference: 'Organization/legacy' } });
    expect(check(referralTask('accepted', { owner: { reference: 'Organization/legacy' } }), legacy)).toEqual([]);
    expect(expressions(check(referralTask('accepted', { owner: { reference: 'Organization/elsewhere' } }), referralTask()))).toEqual(['Task.owner']);
  });

  it('does nothing when no owner is to be enforced, or for other resources', () => {
    expect(taskOwnerIsPractice({ resource: referralTask('requested', { owner: { reference: 'Organization/elsewhere' } }), actorRole: 'referrer' })).toEqual([]);
    expect(check({ resourceType: 'Patient' })).toEqual([]);
  });
});
