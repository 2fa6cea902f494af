/**
 * The letter a practice sends the referring physician when it accepts a referral: who the client
 * is, when they start, what the practice does (and does not do) for them, and how to reach it.
 * Physicians keep referring to practices that answer; this is the first answer. Pure: the caller
 * gathers the facts and renders the content.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html (the Service Provider reports back to the referrer)
 */

export interface AcknowledgementFacts {
  practice: {
    name: string;
    npi?: string;
    phone?: string;
    email?: string;
    directAddress?: string;
  };
  physician: { name: string };
  client: { name: string; birthDate?: string };
  /** `YYYY-MM-DD` */
  acceptedOn: string;
  /** When the referral asks the program to start (`ServiceRequest.occurrence[x]`), `YYYY-MM-DD`. */
  startsOn?: string;
  /** When the program is to end, if the referral says. */
  endsOn?: string;
  /** What the physician asked for (`ServiceRequest.code`). */
  requestedService?: string;
  /** The diagnoses the referral gives as reasons. */
  reasons: readonly string[];
  /** The trainer who accepted. */
  acceptedBy?: string;
}

export interface LetterContent {
  title: string;
  date: string;
  recipient: string;
  subjectLine: string;
  salutation: string;
  paragraphs: string[];
  /** The scope of services, one per bullet. */
  services: readonly string[];
  /** What the practice does not do, so that the physician knows where its scope ends. */
  scopeLimit: string;
  contactLines: string[];
  /** How to reach the practice about the client. */
  reachUs: string;
  closing: string[];
}

/** What a medical exercise practice provides to a referred client. */
export const MEDICAL_EXERCISE_SERVICES: readonly string[] = [
  'An intake assessment of functional capacity: 6-minute walk, Timed Up and Go, 30-second chair stand, grip strength, gait speed, blood pressure and heart rate.',
  'An individualized, supervised exercise program toward short- and long-term functional goals, within the limits and precautions you set.',
  'Vital signs checked before and after exercise, and exercise stopped and you informed of any adverse event.',
  'A one-page progress report every 30 days or 10 sessions, whichever comes first, and a final report at discharge.',
];

export const SCOPE_LIMIT =
  'Medical exercise specialists do not diagnose, treat or prescribe; any change in the client\u2019s condition is referred back to you.';

export function acknowledgementLetter(facts: AcknowledgementFacts): LetterContent {
  const client = facts.client.birthDate ? `${facts.client.name} (born ${facts.client.birthDate})` : facts.client.name;
  const service = facts.requestedService ? ` for ${lowerFirst(facts.requestedService)}` : '';
  const reasons = facts.reasons.length ? ` The referral gives ${joinWords(facts.reasons)} as the reason.` : '';
  const start = facts.startsOn
    ? `As you requested, the program starts on ${facts.startsOn}${facts.endsOn ? ` and runs until ${facts.endsOn}` : ''}; we will contact the client to schedule the intake assessment.`
    : 'We will contact the client to schedule the intake assessment and will confirm the start date with you.';
  return {
    title: 'Referral acknowledgement',
    date: facts.acceptedOn,
    recipient: facts.physician.name,
    subjectLine: `Re: ${client}`,
    salutation: `Dear ${facts.physician.name},`,
    paragraphs: [
      `Thank you for referring ${facts.client.name}${service}. ${facts.practice.name} accepted the referral on ${facts.acceptedOn}.${reasons}`,
      start,
      'Our services for this client:',
    ],
    services: MEDICAL_EXERCISE_SERVICES,
    scopeLimit: SCOPE_LIMIT,
    contactLines: contactLines(facts.practice),
    reachUs: reachUs(facts.practice),
    closing: ['Sincerely,', facts.acceptedBy ? `${facts.acceptedBy}, ${facts.practice.name}` : facts.practice.name],
  };
}

function contactLines(practice: AcknowledgementFacts['practice']): string[] {
  return [
    practice.name,
    ...(practice.npi ? [`NPI ${practice.npi}`] : []),
    ...(practice.phone ? [`Phone ${practice.phone}`] : []),
    ...(practice.email ? [`Email ${practice.email}`] : []),
    ...(practice.directAddress ? [`Direct ${practice.directAddress}`] : []),
  ];
}

function reachUs(practice: AcknowledgementFacts['practice']): string {
  const ways = [
    ...(practice.phone ? [`call ${practice.phone}`] : []),
    ...(practice.directAddress ? [`write by Direct to ${practice.directAddress}`] : []),
    ...(practice.email ? [`email ${practice.email}`] : []),
  ];
  return ways.length
    ? `For any question about the client\u2019s program, ${joinWords(ways).replace(/ and ([^,]*)$/, ' or $1')}.`
    : 'For any question about the client\u2019s program, reply to this letter.';
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
