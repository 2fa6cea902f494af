/**
 * Who a referral is about: matching the person an EHR refers against the practice's clients,
 * without ever merging two different people. The rules, in order:
 * 1. A shared identifier (same system and value) names the same person — unless the birth dates
 *    disagree, or the identifiers point at more than one client: then a person must decide.
 * 2. Otherwise the exact name (family and first given name, case aside) and birth date name the
 *    same person — if exactly one client has them and holds no different identifier of a system
 *    the referral also uses. Several such clients, or a contradicting identifier, need a person.
 * 3. Otherwise the person is new to the practice.
 * Pure: the caller finds the candidates (by identifier, and by birth date) and records the verdict.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 * @see https://hl7.org/fhir/R4/patient.html#links (FHIR leaves duplicate resolution to people)
 */

export interface PersonIdentifier {
  system: string;
  value: string;
}

/** What a referral or a client record says about a person. */
export interface PersonFacts {
  identifiers: readonly PersonIdentifier[];
  family?: string;
  given?: string;
  /** `YYYY-MM-DD` */
  birthDate?: string;
}

export interface KnownClient extends PersonFacts {
  id: string;
}

/** Why a referral needs a person to decide who it is about. Worded for the referrer too: no other client's data. */
export type TriageReason =
  | 'identifier-birth-date-conflict'
  | 'identifier-names-several-clients'
  | 'several-name-and-birth-date-matches'
  | 'name-and-birth-date-match-with-other-identifier';

export type ClientMatch =
  | { kind: 'matched'; clientId: string; by: 'identifier' | 'name-and-birth-date' }
  | { kind: 'new' }
  | {
      kind: 'triage';
      reason: TriageReason;
      /** The clients it might be (for the practice's eyes only). */
      candidateIds: string[];
      /** The referral's identifiers that other clients already hold: a new record cannot carry them. */
      heldIdentifiers: PersonIdentifier[];
    };

export const TRIAGE_EXPLANATIONS: Readonly<Record<TriageReason, string>> = {
  'identifier-birth-date-conflict':
    "The referred person's identifier belongs to an existing client whose birth date differs; a person must decide whether they are the same.",
  'identifier-names-several-clients': "The referred person's identifiers belong to more than one existing client.",
  'several-name-and-birth-date-matches': 'Several existing clients have the same name and birth date as the referred person.',
  'name-and-birth-date-match-with-other-identifier':
    'An existing client has the same name and birth date but a different identifier from the same issuer.',
};

/**
 * The verdict for `person`, given the clients sharing one of its identifiers and the clients born
 * on its birth date (either list may hold clients that turn out not to match).
 */
export function matchClient(person: PersonFacts, sharingIdentifier: readonly KnownClient[], bornSameDay: readonly KnownClient[]): ClientMatch {
  const byIdentifier = distinct(sharingIdentifier.filter((client) => sharesIdentifier(person, client)));
  if (byIdentifier.length > 1) return triage('identifier-names-several-clients', byIdentifier, person);
  const [identified] = byIdentifier;
  if (identified) {
    if (person.birthDate && identified.birthDate && person.birthDate !== identified.birthDate) {
      return triage('identifier-birth-date-conflict', byIdentifier, person);
    }
    return { kind: 'matched', clientId: identified.id, by: 'identifier' };
  }

  if (!person.birthDate || !person.family || !person.given) return { kind: 'new' };
  const byName = distinct(bornSameDay.filter((client) => client.birthDate === person.birthDate && sameName(person, client)));
  if (byName.length > 1) return triage('several-name-and-birth-date-matches', byName, person);
  const [named] = byName;
  if (!named) return { kind: 'new' };
  if (contradictsIdentifiers(person, named)) return triage('name-and-birth-date-match-with-other-identifier', byName, person);
  return { kind: 'matched', clientId: named.id, by: 'name-and-birth-date' };
}

/** Case-insensitive, whitespace-collapsed text: "exact" as people mean it for names. */
export function normalizedName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
}

function sameName(a: PersonFacts, b: PersonFacts): boolean {
  return !!(a.family && b.family && a.given && b.given) &&
    normalizedName(a.family) === normalizedName(b.family) &&
    normalizedName(a.given) === normalizedName(b.given);
}

function sharesIdentifier(a: PersonFacts, b: PersonFacts): boolean {
  return a.identifiers.some((mine) => b.identifiers.some((theirs) => sameIdentifier(mine, theirs)));
}

/** The client holds a different value in a system the referral uses: the issuer says they are someone else. */
function contradictsIdentifiers(person: PersonFacts, client: PersonFacts): boolean {
  return person.identifiers.some((mine) =>
    client.identifiers.some((theirs) => theirs.system === mine.system && theirs.value !== mine.value),
  );
}

function sameIdentifier(a: PersonIdentifier, b: PersonIdentifier): boolean {
  return a.system === b.system && a.value === b.value;
}

function distinct(clients: readonly KnownClient[]): KnownClient[] {
  const seen = new Map<string, KnownClient>();
  for (const client of clients) if (!seen.has(client.id)) seen.set(client.id, client);
  return [...seen.values()];
}

function triage(reason: TriageReason, candidates: readonly KnownClient[], person: PersonFacts): ClientMatch {
  const heldIdentifiers = person.identifiers.filter((mine) =>
    candidates.some((client) => client.identifiers.some((theirs) => sameIdentifier(mine, theirs))),
  );
  return { kind: 'triage', reason, candidateIds: candidates.map((client) => client.id), heldIdentifiers };
}
