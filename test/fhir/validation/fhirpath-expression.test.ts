import { describe, expect, it } from 'vitest';
import { concreteExpression } from '../../../src/fhir/validation/fhirpath-expression';

describe('concreteExpression', () => {
  const observation = { valueQuantity: { code: 'm' }, component: [{}, { valueString: 'x' }] };

  it('replaces choice elements by the property the resource carries', () => {
    expect(concreteExpression(observation, 'Observation.value[x].code')).toBe('Observation.valueQuantity.code');
    expect(concreteExpression(observation, 'Observation.component[1].value[x]')).toBe('Observation.component[1].valueString');
  });

  it('keeps paths without choices, and those it cannot resolve, as they are', () => {
    expect(concreteExpression(observation, 'Observation.status')).toBe('Observation.status');
    expect(concreteExpression(observation, 'Observation.effective[x]')).toBe('Observation.effective[x]');
  });
});
