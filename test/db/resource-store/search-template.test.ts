import { describe, expect, it } from 'vitest';
import { statementCache, templateOf } from '../../../src/db/resource-store/search-template';
import { parseSearch } from '../../../src/fhir/search/parse';

const input = (query: string) => ({
  practiceId: '0b6f6c52-5d0e-4f7b-9a57-3c2f1f6a9d10',
  resourceType: 'Observation',
  clauses: parseSearch('Observation', new URLSearchParams(query)).clauses,
  limit: 21,
});

describe('templateOf', () => {
  it('gives searches of the same shape the same key, whatever their values', () => {
    const a = templateOf(input('patient=Patient/p1&code=http://loinc.org|8867-4&date=ge2025-01-01'));
    const b = templateOf(input('patient=Patient/p2&code=http://snomed.info/sct|1234&date=ge1999-12-31'));
    expect(a.key).toBe(b.key);
    expect(a.values).not.toEqual(b.values);
  });

  it('tells apart what shapes the SQL: parameters, prefixes, modifiers, optional parts and list lengths', () => {
    const key = (query: string) => templateOf(input(query)).key;
    const base = key('code=http://loinc.org|8867-4');
    for (const other of ['status=http://loinc.org|8867-4', 'code=|8867-4', 'code=8867-4', 'code:not=http://loinc.org|8867-4', 'code=a|b,c|d']) {
      expect(key(other), other).not.toBe(base);
    }
    expect(key('date=ge2025')).not.toBe(key('date=le2025'));
    expect(key('patient=Patient/x')).not.toBe(key('subject=Group/x'));
  });

  it('replaces values by placeholders named by position, instants as ISO 8601 text', () => {
    const { values } = templateOf(input('date=2025-02'));
    expect(Object.values(values)).toEqual([
      '0b6f6c52-5d0e-4f7b-9a57-3c2f1f6a9d10',
      '2025-02-01T00:00:00.000Z',
      '2025-03-01T00:00:00.000Z',
      21,
    ]);
    expect(Object.keys(values)).toEqual(['p0', 'p1', 'p2', 'p3']);
  });
});

describe('statementCache', () => {
  it('builds once per key and database handle, and forgets the oldest beyond its limit', () => {
    const cached = statementCache<string>(2);
    const db = {};
    let builds = 0;
    const build = (value: string) => () => {
      builds++;
      return value;
    };
    expect(cached(db, 'a', build('A'))).toBe('A');
    expect(cached(db, 'a', build('other'))).toBe('A');
    expect(cached({}, 'a', build('A2'))).toBe('A2');
    cached(db, 'b', build('B'));
    cached(db, 'c', build('C'));
    expect(cached(db, 'a', build('A3'))).toBe('A3');
    expect(builds).toBe(5);
  });
});
