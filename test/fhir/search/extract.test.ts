import { describe, expect, it } from 'vitest';
import { elementsAt, extractSearchValues } from '../../../src/fhir/search/extract';

const utc = (iso: string) => new Date(iso);

/** Any resource-shaped JSON, as the store hands it over. */
const extract = (resource: { resourceType: string; [element: string]: unknown }) => extractSearchValues(resource);

describe('elementsAt', () => {
  it('follows a dotted path and flattens arrays on the way', () => {
    const patient = { name: [{ given: ['Ann', 'Marie'] }, { given: ['Nan'] }, {}] };

    expect(elementsAt(patient, 'name.given')).toEqual(['Ann', 'Marie', 'Nan']);
  });

  it('reads every typed variant of a choice element for [x]', () => {
    const observation = { effectiveDateTime: '2024', effectiveness: 'not a choice', valueQuantity: { value: 1 } };

    expect(elementsAt(observation, 'effective[x]')).toEqual(['2024']);
  });

  it('skips null and missing values and never descends into primitives', () => {
    expect(elementsAt({ subject: null, code: 'x' }, 'subject.reference')).toEqual([]);
    expect(elementsAt({ code: 'x' }, 'code.coding')).toEqual([]);
  });
});

describe('extractSearchValues (FHIR R4 search.html)', () => {
  it('extracts nothing for a type without registered parameters', () => {
    expect(extract({ resourceType: 'Basic', identifier: [{ value: 'x' }] })).toEqual({
      compartment: null,
      tokens: [],
      references: [],
      dates: [],
      strings: [],
      quantities: [],
      uris: [],
    });
  });

  it('indexes identifiers as system|value tokens, without a system when there is none', () => {
    const values = extract({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:mrn', value: 'A-1' }, { value: 'B-2' }, { system: 'urn:no-value' }],
    });

    expect(values.tokens.filter((token) => token.param === 'identifier')).toEqual([
      { param: 'identifier', system: 'urn:mrn', code: 'A-1' },
      { param: 'identifier', system: null, code: 'B-2' },
    ]);
  });

  it('indexes every coding of a CodeableConcept and plain codes such as gender', () => {
    const observation = extract({
      resourceType: 'Observation',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }, { code: 'HR' }], text: 'Heart rate' },
    });
    const patient = extract({ resourceType: 'Patient', gender: 'female' });

    expect(observation.tokens).toEqual([
      { param: 'code', system: 'http://loinc.org', code: '8867-4' },
      { param: 'code', system: null, code: 'HR' },
    ]);
    expect(patient.tokens).toEqual([{ param: 'gender', system: null, code: 'female' }]);
  });

  it('indexes a Patient subject under subject and patient, and another subject under subject only', () => {
    const onPatient = extract({ resourceType: 'Observation', subject: { reference: 'Patient/p1' } });
    const onGroup = extract({ resourceType: 'Observation', subject: { reference: 'Group/g1' } });

    expect(onPatient.references).toEqual([
      { param: 'subject', targetType: 'Patient', targetId: 'p1' },
      { param: 'patient', targetType: 'Patient', targetId: 'p1' },
    ]);
    expect(onGroup.references).toEqual([{ param: 'subject', targetType: 'Group', targetId: 'g1' }]);
  });

  it('reads absolute and versioned references by type and id, and a bare id by its declared type', () => {
    const absolute = extract({
      resourceType: 'Goal',
      subject: { reference: 'https://ehr.example/fhir/Patient/p1/_history/2' },
    });
    const typed = extract({ resourceType: 'Goal', subject: { reference: 'p2', type: 'Patient' } });

    expect(absolute.references).toContainEqual({ param: 'patient', targetType: 'Patient', targetId: 'p1' });
    expect(typed.references).toContainEqual({ param: 'patient', targetType: 'Patient', targetId: 'p2' });
  });

  it('does not index contained, urn or identifier-only references', () => {
    const subjects = [
      { reference: '#contained' },
      { reference: 'urn:uuid:0b6f6c52-5d0e-4f7b-9a57-3c2f1f6a9d10' },
      { identifier: { value: 'x' } },
    ];
    for (const subject of subjects) {
      expect(extract({ resourceType: 'Observation', subject }).references).toEqual([]);
    }
  });

  it('indexes the patient of a Task from Task.for', () => {
    const task = extract({ resourceType: 'Task', for: { reference: 'Patient/p1' } });

    expect(task.references).toEqual([
      { param: 'patient', targetType: 'Patient', targetId: 'p1' },
      { param: 'subject', targetType: 'Patient', targetId: 'p1' },
    ]);
  });

  it('indexes a dateTime as the range its precision covers and a Period from start to end', () => {
    const instant = extract({ resourceType: 'Observation', effectiveDateTime: '2024-03-05' });
    const period = extract({
      resourceType: 'Observation',
      effectivePeriod: { start: '2024-03-01T08:00:00Z', end: '2024-03' },
    });

    expect(instant.dates).toEqual([{ param: 'date', low: utc('2024-03-05T00:00:00Z'), high: utc('2024-03-06T00:00:00Z') }]);
    expect(period.dates).toEqual([{ param: 'date', low: utc('2024-03-01T08:00:00Z'), high: utc('2024-04-01T00:00:00Z') }]);
  });

  it('leaves the missing side of an open Period unbounded and skips dates it cannot read', () => {
    const openEnd = extract({ resourceType: 'Observation', effectivePeriod: { start: '2024' } });
    const openStart = extract({ resourceType: 'Observation', effectivePeriod: { end: '2024' } });
    const unreadable = extract({ resourceType: 'Patient', birthDate: '05/03/2024' });
    const empty = extract({ resourceType: 'Observation', effectivePeriod: {} });

    expect(openEnd.dates).toEqual([{ param: 'date', low: utc('2024-01-01T00:00:00Z'), high: null }]);
    expect(openStart.dates).toEqual([{ param: 'date', low: null, high: utc('2025-01-01T00:00:00Z') }]);
    expect(unreadable.dates).toEqual([]);
    expect(empty.dates).toEqual([]);
  });

  it('indexes every part of a HumanName for name, and normalises each value', () => {
    const values = extract({
      resourceType: 'Patient',
      name: [{ text: 'Dr. Jürgen Müller', family: 'Müller', given: ['Jürgen', 'Hans'], prefix: ['Dr.'] }],
    });

    expect(values.strings.filter((value) => value.param === 'name').map((value) => value.value)).toEqual([
      'dr. jurgen muller',
      'muller',
      'jurgen',
      'hans',
      'dr.',
    ]);
    expect(values.strings.filter((value) => value.param === 'family')).toEqual([
      { param: 'family', value: 'muller', original: 'Müller' },
    ]);
    const given = values.strings.filter((value) => value.param === 'given');
    expect(given.map((value) => value.value)).toEqual(['jurgen', 'hans']);
  });

  it('indexes an Organization name and its aliases, skipping blank strings', () => {
    const values = extract({ resourceType: 'Organization', name: 'Move Well', alias: ['MW', '  '] });

    expect(values.strings).toEqual([
      { param: 'name', value: 'move well', original: 'Move Well' },
      { param: 'name', value: 'mw', original: 'MW' },
    ]);
  });

  it('indexes a Quantity with its system and code, falling back to the unit when there is no code', () => {
    const coded = extract({
      resourceType: 'Observation',
      valueQuantity: { value: 72, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
    });
    const unitOnly = extract({ resourceType: 'Observation', valueQuantity: { value: 5.4, unit: 'mmol/L' } });
    const noValue = extract({ resourceType: 'Observation', valueQuantity: { unit: 'mg' } });

    expect(coded.quantities).toEqual([
      { param: 'value-quantity', value: 72, system: 'http://unitsofmeasure.org', code: '/min' },
    ]);
    expect(unitOnly.quantities).toEqual([{ param: 'value-quantity', value: 5.4, system: null, code: 'mmol/L' }]);
    expect(noValue.quantities).toEqual([]);
  });

  it('indexes every meta.profile as a uri', () => {
    const values = extract({
      resourceType: 'Patient',
      meta: { profile: ['http://example.org/A', 'http://example.org/B'] },
    });

    expect(values.uris).toEqual([
      { param: '_profile', value: 'http://example.org/A' },
      { param: '_profile', value: 'http://example.org/B' },
    ]);
  });
});

describe('extractSearchValues: compartments and repeated values', () => {
  it('tags a resource with the Patient its compartment parameter points at, and nothing else', () => {
    expect(extract({ resourceType: 'Observation', subject: { reference: 'Patient/p1' } }).compartment).toBe('p1');
    expect(extract({ resourceType: 'Task', for: { reference: 'Patient/p2' } }).compartment).toBe('p2');
    expect(extract({ resourceType: 'Consent', patient: { reference: 'Patient/p3' } }).compartment).toBe('p3');
    expect(extract({ resourceType: 'Observation', subject: { reference: 'Group/g1' } }).compartment).toBeNull();
    expect(extract({ resourceType: 'Patient', id: 'p1' }).compartment).toBeNull();
  });

  it('indexes each distinct value once', () => {
    const values = extract({
      resourceType: 'Observation',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }, { system: 'http://loinc.org', code: '8867-4' }] },
      category: [{ coding: [{ code: 'vital-signs' }] }, { coding: [{ code: 'vital-signs' }] }],
    });
    expect(values.tokens).toEqual([
      { param: 'category', system: null, code: 'vital-signs' },
      { param: 'code', system: 'http://loinc.org', code: '8867-4' },
    ]);
  });

  it('indexes what a Task produced from Task.output.value[x] references', () => {
    const values = extract({
      resourceType: 'Task',
      output: [{ type: { text: 'report' }, valueReference: { reference: 'DiagnosticReport/r1' } }, { type: { text: 'n' }, valueString: 'x' }],
    });
    expect(values.references).toEqual([{ param: 'output', targetType: 'DiagnosticReport', targetId: 'r1' }]);
  });
});
