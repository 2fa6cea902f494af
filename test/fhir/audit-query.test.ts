import { describe, expect, it } from 'vitest';
import { auditQuery } from '../../src/fhir/audit-query';

/** What of a query an AuditEvent may hold: names always; values only when they are ids, references, codes or controls. */
describe('auditQuery', () => {
  const query = (type: string, text: string) => auditQuery(type, new URLSearchParams(text), type);

  it('keeps ids, references, codes, result controls and system timestamps', () => {
    const text = '_id=5d0f0f3e-0000-4000-8000-000000000001&subject:Patient=Patient/1&code=http://loinc.org|8867-4&status:not=final&_count=10&_sort=-date&_include=Observation:subject&_lastUpdated=ge2026-01-01&category:missing=true';
    expect(query('Observation', text)).toBe(`Observation?${new URLSearchParams(text)}`);
  });

  it('masks strings, clinical dates, quantities, identifiers, cursors and unknown parameters', () => {
    expect(query('Patient', 'name=Rivera&address=Main+St&birthdate=1958-04-12&identifier=http://hospital.example/mrn|12345&_cursor=abc&nickname=Annie')).toBe(
      'Patient?name=***&address=***&birthdate=***&identifier=***&_cursor=***&nickname=***',
    );
    expect(query('Observation', 'value-quantity=gt70&date=2026-05&code:text=pulse&subject.name=Rivera')).toBe(
      'Observation?value-quantity=***&date=***&code%3Atext=***&subject.name=***',
    );
  });

  it('is the bare path when there is no query', () => {
    expect(auditQuery('Patient/1/$everything', [])).toBe('Patient/1/$everything');
  });
});
