import { describe, expect, it } from 'vitest';
import { acknowledgementLetter, MEDICAL_EXERCISE_SERVICES } from '../../../src/domain/referrals/acknowledgement-letter';

const facts = {
  practice: { name: 'Stride Medical Exercise', phone: '+1 555 0100', directAddress: 'intake@direct.stride.example' },
  physician: { name: 'Dr. Mei Chen' },
  client: { name: 'Ana Rivera', birthDate: '1958-04-12' },
  acceptedOn: '2026-11-27',
  reasons: ['hypertension', 'type 2 diabetes'],
};

describe('acknowledgementLetter', () => {
  it('says who, what for, when the program starts, the scope of services and how to reach the practice', () => {
    const letter = acknowledgementLetter({ ...facts, startsOn: '2026-12-07', requestedService: 'Supervised exercise program', acceptedBy: 'Dana Okafor' });
    expect(letter.salutation).toBe('Dear Dr. Mei Chen,');
    expect(letter.subjectLine).toBe('Re: Ana Rivera (born 1958-04-12)');
    expect(letter.paragraphs[0]).toBe(
      'Thank you for referring Ana Rivera for supervised exercise program. Stride Medical Exercise accepted the referral on 2026-11-27. The referral gives hypertension and type 2 diabetes as the reason.',
    );
    expect(letter.paragraphs[1]).toContain('the program starts on 2026-12-07');
    expect(letter.services).toBe(MEDICAL_EXERCISE_SERVICES);
    expect(letter.scopeLimit).toContain('do not diagnose, treat or prescribe');
    expect(letter.reachUs).toBe('For any question about the client\u2019s program, call +1 555 0100 or write by Direct to intake@direct.stride.example.');
    expect(letter.closing).toEqual(['Sincerely,', 'Dana Okafor, Stride Medical Exercise']);
  });

  it('promises to confirm the start when the referral gives none', () => {
    const letter = acknowledgementLetter({ ...facts, reasons: [] });
    expect(letter.paragraphs[1]).toBe('We will contact the client to schedule the intake assessment and will confirm the start date with you.');
    expect(letter.paragraphs[0]).not.toContain('as the reason');
  });
});
