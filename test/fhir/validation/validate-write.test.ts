import { describe, expect, it } from 'vitest';
import { validateWrite } from '../../../src/fhir/validation/validate-write';
import { expressions, measurableGoal, referralTask, sixMinuteWalk, UCUM } from './fixtures';

describe('validateWrite', () => {
  it('accepts valid resources, with or without meta.profile', () => {
    expect(validateWrite({ resource: sixMinuteWalk(), actorRole: 'practice' })).toEqual([]);
    expect(validateWrite({ resource: measurableGoal(), actorRole: 'practice' })).toEqual([]);
    expect(validateWrite({ resource: referralTask(), actorRole: 'referrer' })).toEqual([]);
    expect(validateWrite({ resource: { resourceType: 'Patient', meta: { profile: ['https://example.org/any'] } }, actorRole: 'practice' })).toEqual([]);
  });

  it('applies MetBridge profiles to resources that do not claim them', () => {
    const walk = sixMinuteWalk({ valueQuantity: { value: 9000, system: UCUM, code: 'm' } });
    expect('meta' in walk).toBe(false);
    expect(expressions(validateWrite({ resource: walk, actorRole: 'practice' }))).toEqual(['Observation.valueQuantity.value']);
  });

  it('reports structure, terminology and profile issues together', () => {
    const resource = sixMinuteWalk({ status: 'done', extra: true, category: [], valueQuantity: { value: 9000, system: UCUM, code: 'km' } });
    expect(expressions(validateWrite({ resource, actorRole: 'practice' })).sort()).toEqual([
      'Observation.category',
      'Observation.extra',
      'Observation.status',
      'Observation.valueQuantity.code',
    ]);
  });

  it('judges Task transitions against the previous version and the actor', () => {
    const resource = referralTask('accepted');
    expect(validateWrite({ resource, previous: referralTask('requested'), actorRole: 'practice' })).toEqual([]);
    expect(expressions(validateWrite({ resource, previous: referralTask('requested'), actorRole: 'referrer' }))).toEqual(['Task.status']);
  });
});
