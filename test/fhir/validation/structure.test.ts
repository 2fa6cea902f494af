import { describe, expect, it } from 'vitest';
import { validateStructure } from '../../../src/fhir/validation/structure';
import { bloodPressure, expressions, measurableGoal, referralTask, sixMinuteWalk } from './fixtures';

describe('validateStructure (R4 base definitions)', () => {
  it('accepts valid resources of the served types', () => {
    for (const resource of [sixMinuteWalk(), bloodPressure(), measurableGoal(), referralTask()]) {
      expect(validateStructure(resource)).toEqual([]);
    }
    expect(validateStructure({ resourceType: 'Patient', name: [{ family: 'Rivera', given: ['Ana'] }], birthDate: '1958-04-12' })).toEqual([]);
  });

  it('reports an element the definition does not have', () => {
    const issues = validateStructure({ resourceType: 'Patient', nickname: 'Ana' });
    expect(issues).toEqual([expect.objectContaining({ code: 'structure', expression: 'Patient.nickname' })]);
  });

  it('reports a value of the wrong JSON type or format', () => {
    const issues = validateStructure({ resourceType: 'Patient', birthDate: 19580412, active: 'yes' });
    expect(expressions(issues).sort()).toEqual(['Patient.active', 'Patient.birthDate']);
    expect(expressions(validateStructure({ resourceType: 'Patient', birthDate: '12/04/1958' }))).toEqual(['Patient.birthDate']);
  });

  it('reports a single value where the element repeats, and an array where it does not', () => {
    expect(expressions(validateStructure({ resourceType: 'Patient', name: { family: 'Rivera' } }))).toEqual(['Patient.name']);
    expect(expressions(validateStructure({ resourceType: 'Patient', gender: ['female'] }))).toEqual(['Patient.gender']);
  });

  it('reports missing required elements', () => {
    const { status: _status, ...withoutStatus } = sixMinuteWalk();
    expect(validateStructure(withoutStatus)).toEqual([expect.objectContaining({ expression: 'Observation.status' })]);
  });

  it('names choice elements as the resource spells them, so the expression is valid FHIRPath', () => {
    const issues = validateStructure(sixMinuteWalk({ valueQuantity: { value: '420', system: 'http://unitsofmeasure.org', code: 'm' } }));
    expect(expressions(issues)).toEqual(['Observation.valueQuantity.value']);
  });

  it('evaluates the base invariants (obs-6: no dataAbsentReason beside a value)', () => {
    const issues = validateStructure(sixMinuteWalk({ dataAbsentReason: { text: 'Not measured' } }));
    expect(issues).toEqual([expect.objectContaining({ code: 'invariant', expression: 'Observation' })]);
    expect(issues[0]!.diagnostics).toContain('obs-6');
  });

  it('validates contained resources and refuses contained types it has no definition for', () => {
    const contained = validateStructure(referralTask('requested', { contained: [{ resourceType: 'Patient', id: 'p', birthDate: 'soon' }] }));
    expect(expressions(contained)).toEqual(['Task.contained[0].birthDate']);
    const unknown = validateStructure(referralTask('requested', { contained: [{ resourceType: 'Medication', id: 'm' }] }));
    expect(unknown).toEqual([expect.objectContaining({ code: 'not-supported', expression: 'Task.contained[0]' })]);
  });

  it('turns the validator giving up on malformed JSON into an issue rather than an exception', () => {
    expect(validateStructure({ resourceType: 'Patient', birthDate: '1958-04-12', _birthDate: 'x' })).toEqual([
      expect.objectContaining({ code: 'structure', expression: 'Patient' }),
    ]);
  });

  it('reports several problems at once', () => {
    const issues = validateStructure({ resourceType: 'Patient', nickname: 'Ana', birthDate: 1958, name: [{ family: 42 }] });
    expect(expressions(issues).sort()).toEqual(['Patient.birthDate', 'Patient.name[0].family', 'Patient.nickname']);
  });

  it('validates against the base definitions whatever meta.profile claims', () => {
    const claimed = { resourceType: 'Patient', meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] } };
    expect(validateStructure(claimed)).toEqual([]);
    expect(expressions(validateStructure({ ...claimed, nickname: 'Ana' }))).toEqual(['Patient.nickname']);
  });
});
