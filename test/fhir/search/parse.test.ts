import { describe, expect, it } from 'vitest';
import { FhirError } from '../../../src/fhir/outcome';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseClause, parseSearch } from '../../../src/fhir/search/parse';

const PATIENT_ID = '0b6f6c52-5d0e-4f7b-9a57-3c2f1f6a9d10';
const OTHER_ID = 'a3c1e2d4-1b2c-4d3e-8f90-1234567890ab';

const parse = (resourceType: string, query: string) => parseSearch(resourceType, new URLSearchParams(query));
const clause = (resourceType: string, name: string, value: string) => parseClause(resourceType, name, value);
const utc = (iso: string) => new Date(iso);

describe('parseSearch (FHIR R4 search.html#combining, #count)', () => {
  it('turns comma-separated values into one clause of alternatives (OR)', () => {
    expect(parse('Patient', 'identifier=a,b').clauses).toEqual([
      { kind: 'token', param: 'identifier', matches: [{ code: 'a' }, { code: 'b' }] },
    ]);
  });

  it('turns repeated parameters into one clause each, all of which must hold (AND)', () => {
    expect(parse('Patient', 'identifier=a&identifier=b').clauses).toEqual([
      { kind: 'token', param: 'identifier', matches: [{ code: 'a' }] },
      { kind: 'token', param: 'identifier', matches: [{ code: 'b' }] },
    ]);
  });

  it('pages by default, reads _count and caps it at the maximum page size', () => {
    expect(parse('Patient', '').count).toBe(DEFAULT_PAGE_SIZE);
    expect(parse('Patient', '_count=7').count).toBe(7);
    expect(parse('Patient', '_count=0').count).toBe(0);
    expect(parse('Patient', `_count=${MAX_PAGE_SIZE * 10}`).count).toBe(MAX_PAGE_SIZE);
  });

  it('refuses a _count that is not a non-negative integer with a 400', () => {
    for (const value of ['-1', '2.5', 'ten', '']) {
      expect(() => parse('Patient', `_count=${value}`), value).toThrow(FhirError);
    }
    try {
      parse('Patient', '_count=x');
    } catch (error) {
      expect(error).toMatchObject({ status: 400 });
    }
  });

  it('keeps the paging cursor as given', () => {
    expect(parse('Patient', '_cursor=abc-_123').cursor).toBe('abc-_123');
  });

  it('lists unsupported parameters, modifiers included, as ignored rather than guessing', () => {
    const parsed = parse('Patient', 'family=lee&unknown=1&family:below=Lee&code=x&_sort=name');

    expect(parsed.ignored).toEqual(['unknown', 'family:below', 'code', '_sort']);
    expect(parsed.clauses).toEqual([{ kind: 'string', param: 'family', mode: 'prefix', values: ['lee'] }]);
  });

  it('knows nothing about parameters of types without registered parameters, except _id and _lastUpdated', () => {
    const parsed = parse('Basic', `identifier=x&_id=${PATIENT_ID}&_lastUpdated=2024`);

    expect(parsed.ignored).toEqual(['identifier']);
    expect(parsed.clauses.map((parsedClause) => parsedClause.kind)).toEqual(['id', 'lastUpdated']);
  });
});

describe('parseClause for _id and _lastUpdated (FHIR R4 search.html#all)', () => {
  it('keeps only ids that could exist: UUIDs', () => {
    expect(clause('Patient', '_id', `${PATIENT_ID},nope,${OTHER_ID}`)).toEqual({ kind: 'id', ids: [PATIENT_ID, OTHER_ID] });
    expect(clause('Patient', '_id', '123')).toEqual({ kind: 'id', ids: [] });
  });

  it('reads _lastUpdated as a prefixed date range', () => {
    expect(clause('Patient', '_lastUpdated', 'gt2024-03-05')).toEqual({
      kind: 'lastUpdated',
      matches: [{ prefix: 'gt', low: utc('2024-03-05T00:00:00Z'), high: utc('2024-03-06T00:00:00Z') }],
    });
  });

  it('refuses a _lastUpdated that is not a date with a 400', () => {
    expect(() => clause('Patient', '_lastUpdated', 'yesterday')).toThrow(FhirError);
  });
});

describe('parseClause for token parameters (FHIR R4 search.html#token)', () => {
  it('reads code, system|code, |code and system|', () => {
    expect(clause('Patient', 'identifier', 'A-1')).toMatchObject({ matches: [{ code: 'A-1' }] });
    expect(clause('Patient', 'identifier', 'urn:mrn|A-1')).toMatchObject({ matches: [{ system: 'urn:mrn', code: 'A-1' }] });
    expect(clause('Patient', 'identifier', '|A-1')).toMatchObject({ matches: [{ system: null, code: 'A-1' }] });
    expect(clause('Patient', 'identifier', 'urn:mrn|')).toEqual({
      kind: 'token',
      param: 'identifier',
      matches: [{ system: 'urn:mrn' }],
    });
  });

  it('splits on the first unescaped bar only and unescapes \\| \\, \\$ and \\\\ (search.html#escaping)', () => {
    expect(clause('Patient', 'identifier', 'urn:x|a|b')).toMatchObject({ matches: [{ system: 'urn:x', code: 'a|b' }] });
    expect(clause('Patient', 'identifier', 'a\\|b')).toMatchObject({ matches: [{ code: 'a|b' }] });
    expect(clause('Patient', 'identifier', 'a\\,b,c')).toMatchObject({ matches: [{ code: 'a,b' }, { code: 'c' }] });
    expect(clause('Patient', 'identifier', 'cost\\$\\\\')).toMatchObject({ matches: [{ code: 'cost$\\' }] });
  });
});

describe('parseClause for reference parameters (FHIR R4 search.html#reference)', () => {
  it('reads Type/id, and a bare id as the single target type of the parameter', () => {
    expect(clause('Observation', 'patient', `Patient/${PATIENT_ID}`)).toEqual({
      kind: 'reference',
      param: 'patient',
      matches: [{ targetType: 'Patient', targetId: PATIENT_ID }],
    });
    expect(clause('Observation', 'patient', PATIENT_ID)).toMatchObject({
      matches: [{ targetType: 'Patient', targetId: PATIENT_ID }],
    });
  });

  it('leaves the type open for a bare id when the parameter can point at several types', () => {
    expect(clause('Observation', 'subject', PATIENT_ID)).toMatchObject({ matches: [{ targetId: PATIENT_ID }] });
    expect(clause('Observation', 'subject', PATIENT_ID)).not.toHaveProperty('matches.0.targetType');
  });

  it('reads absolute and versioned references by their last type and id', () => {
    expect(clause('Observation', 'subject', `https://ehr.example/fhir/Patient/${PATIENT_ID}/_history/3`)).toMatchObject({
      matches: [{ targetType: 'Patient', targetId: PATIENT_ID }],
    });
  });

  it('reads the task patient parameter from Task.for', () => {
    expect(clause('Task', 'patient', PATIENT_ID)).toMatchObject({ kind: 'reference', param: 'patient' });
  });
});

describe('parseClause for date parameters (FHIR R4 search.html#date, #prefix)', () => {
  it('reads every comparison prefix and defaults to eq', () => {
    for (const prefix of ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const) {
      expect(clause('Observation', 'date', `${prefix}2024-03`)).toMatchObject({ matches: [{ prefix }] });
    }
    expect(clause('Observation', 'date', '2024-03')).toEqual({
      kind: 'date',
      param: 'date',
      matches: [{ prefix: 'eq', low: utc('2024-03-01T00:00:00Z'), high: utc('2024-04-01T00:00:00Z') }],
    });
  });

  it('refuses a date it cannot read, or an unknown prefix, with a 400', () => {
    for (const value of ['2024-02-30', 'xx2024', 'gt', 'March']) {
      expect(() => clause('Observation', 'date', value), value).toThrow(FhirError);
    }
  });
});

describe('parseClause for string parameters (FHIR R4 search.html#string)', () => {
  it('normalises the value as the index does', () => {
    expect(clause('Patient', 'name', 'MÜLLER,  Zoë ')).toMatchObject({ kind: 'string', mode: 'prefix', values: ['muller', 'zoe'] });
    expect(clause('Patient', 'family', 'Smith\\,Jones')).toMatchObject({ kind: 'string', values: ['smith,jones'] });
  });
});

describe('parseClause for quantity parameters (FHIR R4 search.html#quantity)', () => {
  it('reads prefix, number, system and code, and the precision the number is written with', () => {
    expect(clause('Observation', 'value-quantity', 'le5.40|http://unitsofmeasure.org|mg')).toEqual({
      kind: 'quantity',
      param: 'value-quantity',
      matches: [{ prefix: 'le', value: 5.4, decimals: 2, system: 'http://unitsofmeasure.org', code: 'mg' }],
    });
  });

  it('reads a number alone, or with a code and no system', () => {
    expect(clause('Observation', 'value-quantity', '100')).toMatchObject({
      matches: [{ prefix: 'eq', value: 100, decimals: 0 }],
    });
    expect(clause('Observation', 'value-quantity', '-5||Cel')).toMatchObject({
      matches: [{ prefix: 'eq', value: -5, code: 'Cel' }],
    });
    expect(clause('Observation', 'value-quantity', '5||Cel')).not.toHaveProperty('matches.0.system');
  });

  it('refuses a value that does not start with a decimal number with a 400', () => {
    for (const value of ['', 'gt', 'mg', '0x10', 'Infinity', '5.4.1', '|mg']) {
      expect(() => clause('Observation', 'value-quantity', value), value).toThrow(FhirError);
    }
  });
});

describe('parseClause for uri parameters (FHIR R4 search.html#uri)', () => {
  it('keeps uris exactly as given, unescaping commas', () => {
    expect(clause('Patient', '_profile', 'http://a.example/P,http://b.example/Q\\,R')).toEqual({
      kind: 'uri',
      param: '_profile',
      values: ['http://a.example/P', 'http://b.example/Q,R'],
    });
  });
});

describe('parseClause modifiers (FHIR R4 search.html#modifiers)', () => {
  it('reads :missing=true|false on any registered parameter, and refuses other values with a 400', () => {
    expect(clause('Patient', 'birthdate:missing', 'true')).toEqual({ kind: 'missing', param: 'birthdate', type: 'date', missing: true });
    expect(clause('Observation', 'value-quantity:missing', 'false')).toMatchObject({ kind: 'missing', type: 'quantity', missing: false });
    expect(() => clause('Patient', 'gender:missing', 'yes')).toThrow(FhirError);
    expect(clause('Patient', '_id:missing', 'true')).toBeUndefined();
  });

  it('reads :not on tokens only', () => {
    expect(clause('Observation', 'status:not', 'final,amended')).toEqual({
      kind: 'token',
      param: 'status',
      matches: [{ code: 'final' }, { code: 'amended' }],
      negated: true,
    });
    expect(clause('Patient', 'family:not', 'x')).toBeUndefined();
  });

  it('reads :exact as written and :contains normalised', () => {
    expect(clause('Patient', 'family:exact', 'Müller')).toEqual({ kind: 'string', param: 'family', mode: 'exact', values: ['Müller'] });
    expect(clause('Patient', 'family:contains', 'MÜL')).toEqual({ kind: 'string', param: 'family', mode: 'contains', values: ['mul'] });
  });

  it('reads :[type] on references as the type of a bare id, only for a type the parameter may point at', () => {
    expect(clause('Observation', 'subject:Group', 'g1')).toMatchObject({ matches: [{ targetType: 'Group', targetId: 'g1' }] });
    expect(clause('Observation', 'patient:Group', 'g1')).toBeUndefined();
  });

  it('knows no other modifier, so nothing is searched differently from what was asked', () => {
    for (const name of ['code:below', 'code:in', 'code:text', 'family:missing:x', 'subject:identifier', 'date:exact', '_lastUpdated:missing']) {
      expect(clause('Observation', name, 'x'), name).toBeUndefined();
    }
  });
});

describe('parseSearch result parameters (FHIR R4 search.html#return)', () => {
  it('reads _sort keys on _id, _lastUpdated and date parameters, - meaning descending', () => {
    expect(parse('Observation', '_sort=-date,_lastUpdated').sort).toEqual([
      { kind: 'date', param: 'date', descending: true },
      { kind: 'lastUpdated', descending: false },
    ]);
    expect(parse('Patient', '_sort=-_id').sort).toEqual([{ kind: 'id', descending: true }]);
  });

  it('ignores a _sort on anything else, or a second _sort', () => {
    expect(parse('Patient', '_sort=family').ignored).toEqual(['_sort']);
    expect(parse('Observation', '_sort=date&_sort=-date')).toMatchObject({ sort: [{ kind: 'date', descending: false }], ignored: ['_sort'] });
  });

  it('reads _include and _revinclude from the include registry, for the searched type only', () => {
    expect(parse('Task', '_include=Task:focus&_include=Task:owner&_include=Observation:patient').includes).toEqual([
      { direction: 'include', sourceType: 'Task', param: 'focus' },
    ]);
    expect(parse('Patient', '_revinclude=Provenance:target&_revinclude=DiagnosticReport:result').includes).toEqual([
      { direction: 'revinclude', sourceType: 'Provenance', param: 'target' },
    ]);
    expect(parse('ServiceRequest', '_include=ServiceRequest:requester:Practitioner').includes).toEqual([
      { direction: 'include', sourceType: 'ServiceRequest', param: 'requester', targetType: 'Practitioner' },
    ]);
    expect(parse('ServiceRequest', '_include=ServiceRequest:requester:Observation').ignored).toEqual(['_include']);
  });

  it('reads _total, _summary and _elements, and refuses values outside their code lists with a 400', () => {
    expect(parse('Patient', '_total=accurate').total).toBe(true);
    expect(parse('Patient', '_total=estimate').total).toBe(true);
    expect(parse('Patient', '_total=none').total).toBe(false);
    expect(parse('Patient', '_summary=count').summary).toBe('count');
    expect(parse('Patient', '_summary=data').summary).toBe('data');
    expect(parse('Patient', '_summary=true').ignored).toEqual(['_summary']);
    expect(parse('Patient', '_elements=name,birthDate&_elements=gender').elements).toEqual(['name', 'birthDate', 'gender']);
    for (const query of ['_total=maybe', '_summary=all', '_elements=Patient.name', '_elements=']) {
      expect(() => parse('Patient', query), query).toThrow(FhirError);
    }
  });

  it('treats _count=0 as a request for the total only', () => {
    expect(parse('Patient', '_count=0')).toMatchObject({ count: 0, summary: 'count' });
  });

  it('lists the parameters applied, in order, with _count as applied and without the cursor', () => {
    const parsed = parse('Patient', `family=lee&_cursor=abc&unknown=1&_count=9999&gender=female&gender:below=x`);
    expect(parsed.applied).toEqual([
      ['family', 'lee'],
      ['_count', String(MAX_PAGE_SIZE)],
      ['gender', 'female'],
    ]);
    expect(parsed.ignored).toEqual(['unknown', 'gender:below']);
  });
});
