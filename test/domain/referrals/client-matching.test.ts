import { describe, expect, it } from 'vitest';
import { matchClient, type KnownClient, type PersonFacts } from '../../../src/domain/referrals/client-matching';

const MRN = 'urn:oid:2.16.840.1.113883.19.5';
const ana: PersonFacts = { identifiers: [{ system: MRN, value: '1001' }], family: 'Rivera', given: 'Ana', birthDate: '1958-04-12' };
const client = (id: string, facts: Partial<PersonFacts> = {}): KnownClient => ({ id, ...ana, ...facts });

describe('matchClient', () => {
  it('matches by identifier first, even when the name has changed', () => {
    expect(matchClient(ana, [client('a', { family: 'Rivera-Lopez' })], [])).toEqual({ kind: 'matched', clientId: 'a', by: 'identifier' });
  });

  it('matches by identifier when one side has no birth date', () => {
    expect(matchClient({ ...ana, birthDate: undefined }, [client('a')], [])).toMatchObject({ kind: 'matched', clientId: 'a' });
  });

  it('sends a shared identifier with a different birth date to triage, naming the identifier a new record cannot carry', () => {
    expect(matchClient(ana, [client('a', { birthDate: '1950-01-01' })], [])).toEqual({
      kind: 'triage',
      reason: 'identifier-birth-date-conflict',
      candidateIds: ['a'],
      heldIdentifiers: [{ system: MRN, value: '1001' }],
    });
  });

  it('sends identifiers held by two different clients to triage', () => {
    const person = { ...ana, identifiers: [...ana.identifiers, { system: 'urn:ssn', value: '9' }] };
    const other = client('b', { identifiers: [{ system: 'urn:ssn', value: '9' }] });
    expect(matchClient(person, [client('a'), other], [])).toMatchObject({ kind: 'triage', reason: 'identifier-names-several-clients', candidateIds: ['a', 'b'] });
  });

  it('ignores candidates that do not share an identifier after all', () => {
    expect(matchClient(ana, [client('x', { identifiers: [{ system: MRN, value: '2002' }], family: 'Other' })], [])).toEqual({ kind: 'new' });
  });

  it('matches by exact name (case and spacing aside) and birth date when no identifier matches', () => {
    const recorded = client('c', { identifiers: [{ system: 'https://fhir.metbridge.org/sid/client-id', value: 'c' }], family: 'RIVERA ', given: 'ana' });
    expect(matchClient(ana, [], [recorded])).toEqual({ kind: 'matched', clientId: 'c', by: 'name-and-birth-date' });
  });

  it('does not match a different name or another birth date', () => {
    expect(matchClient(ana, [], [client('c', { identifiers: [], given: 'Anna' })])).toEqual({ kind: 'new' });
    expect(matchClient(ana, [], [client('c', { identifiers: [], birthDate: '1958-04-13' })])).toEqual({ kind: 'new' });
  });

  it('sends several name and birth date matches to triage', () => {
    const twins = [client('c', { identifiers: [] }), client('d', { identifiers: [] })];
    expect(matchClient(ana, [], twins)).toEqual({ kind: 'triage', reason: 'several-name-and-birth-date-matches', candidateIds: ['c', 'd'], heldIdentifiers: [] });
  });

  it('sends a name and birth date match with another identifier of the same issuer to triage', () => {
    const namesake = client('e', { identifiers: [{ system: MRN, value: '7777' }] });
    expect(matchClient(ana, [], [namesake])).toMatchObject({ kind: 'triage', reason: 'name-and-birth-date-match-with-other-identifier' });
  });

  it('treats a person without birth date or name, and without identifier match, as new', () => {
    expect(matchClient({ identifiers: [], family: 'Rivera', given: 'Ana' }, [], [client('c')])).toEqual({ kind: 'new' });
  });
});
