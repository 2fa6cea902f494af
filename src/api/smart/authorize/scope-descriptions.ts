import type { SmartScope } from '../../auth/smart-scopes';

const NAMED: Readonly<Record<string, string>> = {
  openid: 'Confirm to the app who you are (sign-in).',
  fhirUser: 'See your own practitioner record.',
  'launch/patient': 'Work with one client you choose next.',
  offline_access: 'Keep access after you close the app, until you revoke it.',
};

const VERBS: Readonly<Record<string, string>> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };

/**
 * A scope in plain words for the consent screen: what the app may do, to which records, for whom.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
export function describeScope(scope: SmartScope): string {
  if (scope.kind === 'named') return NAMED[scope.value] ?? scope.value;
  const verbs = scope.interactions.map((letter) => VERBS[letter]!);
  const action = verbs.length === 1 ? verbs[0]! : `${verbs.slice(0, -1).join(', ')} and ${verbs.at(-1)}`;
  const what = scope.resourceType === '*' ? 'all kinds of records' : `${scope.resourceType} records`;
  const whose = scope.context === 'patient' ? 'of the client you choose' : 'that you can see in your practice';
  const limit = scope.query === undefined ? '' : ` (only those matching ${scope.query})`;
  return `${action[0]!.toUpperCase()}${action.slice(1)} ${what} ${whose}${limit}.`;
}
