import { describe, expect, it } from 'vitest';
import { actorRoleOf } from '../../../src/fhir/validation/actor-role';

describe('actorRoleOf', () => {
  it('treats a signed-in user as the practice and a system client as the referrer', () => {
    expect(actorRoleOf({ kind: 'user' })).toBe('practice');
    expect(actorRoleOf({ kind: 'client' })).toBe('referrer');
  });
});
