import { describe, expect, it } from 'vitest';
import { parseDateRange } from '../../../src/fhir/search/date-range';

const range = (text: string) => {
  const parsed = parseDateRange(text);
  return parsed && [parsed.low.toISOString(), parsed.high.toISOString()];
};

describe('parseDateRange (FHIR R4 search.html#date, datatypes.html#dateTime)', () => {
  it('reads a year as the whole year', () => {
    expect(range('2024')).toEqual(['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('reads a month as the whole month, December rolling into the next year', () => {
    expect(range('2024-02')).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(range('2024-12')).toEqual(['2024-12-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('reads a date as the whole day, including 29 February of a leap year', () => {
    expect(range('2024-02-29')).toEqual(['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(range('2024-12-31')).toEqual(['2024-12-31T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('reads a time to the minute, second or fraction as that minute, second or millisecond', () => {
    expect(range('2024-03-05T10:30Z')).toEqual(['2024-03-05T10:30:00.000Z', '2024-03-05T10:31:00.000Z']);
    expect(range('2024-03-05T10:30:15Z')).toEqual(['2024-03-05T10:30:15.000Z', '2024-03-05T10:30:16.000Z']);
    expect(range('2024-03-05T10:30:15.250Z')).toEqual(['2024-03-05T10:30:15.250Z', '2024-03-05T10:30:15.251Z']);
    expect(range('2024-03-05T10:30:15.123456Z')).toEqual(['2024-03-05T10:30:15.123Z', '2024-03-05T10:30:15.124Z']);
  });

  it('converts a time zone offset to UTC, across a day boundary', () => {
    expect(range('2024-03-05T23:30:00-05:00')).toEqual(['2024-03-06T04:30:00.000Z', '2024-03-06T04:30:01.000Z']);
    expect(range('2024-03-05T01:00:00+05:30')).toEqual(['2024-03-04T19:30:00.000Z', '2024-03-04T19:30:01.000Z']);
    expect(range('2024-03-05T10:00:00+00:00')).toEqual(range('2024-03-05T10:00:00Z'));
  });

  it('reads a time without a zone as UTC', () => {
    expect(range('2024-03-05T10:00:00')).toEqual(range('2024-03-05T10:00:00Z'));
  });

  it('keeps years before 100 in their own century', () => {
    expect(range('0050')).toEqual(['0050-01-01T00:00:00.000Z', '0051-01-01T00:00:00.000Z']);
    expect(range('0099-12-31')).toEqual(['0099-12-31T00:00:00.000Z', '0100-01-01T00:00:00.000Z']);
    expect(range('0001-01-01T10:00:00Z')).toEqual(['0001-01-01T10:00:00.000Z', '0001-01-01T10:00:01.000Z']);
  });

  it('rejects dates that do not exist', () => {
    for (const text of ['2023-02-29', '2024-04-31', '2024-13', '2024-00', '2024-01-00', '2024-01-32']) {
      expect(parseDateRange(text), text).toBeUndefined();
    }
  });

  it('rejects times that do not exist and zone offsets that are not offsets', () => {
    const times = ['T24:00:00Z', 'T10:60Z', 'T10:00:60Z', 'T10:00:00+24:00', 'T10:00:00+14:01', 'T10:00:00+05:60'];
    for (const text of times.map((time) => `2024-01-01${time}`)) {
      expect(parseDateRange(text), text).toBeUndefined();
    }
  });

  it('rejects text that is not a FHIR date, dateTime or instant', () => {
    const texts = ['', '24', '2024-1', '2024-01-1', '2024/01/01', '2024-01-01T10', '2024-01-01 10:00', 'today'];
    for (const text of [...texts, '2024-01-01T10:00:00ZZ']) {
      expect(parseDateRange(text), text).toBeUndefined();
    }
  });
});
