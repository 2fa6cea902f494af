import { importJWK, type JWK } from 'jose';
import { decodeBase64Url } from '../../../lib/base64url';

/**
 * Client JWK Sets: public asymmetric keys only, each with a `kty` and a `kid`, "bare key" members
 * (`n`/`e` for RSA, `crv`/`x`/`y` for EC). A set holding private key material is refused whole:
 * whoever published it has leaked the key.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */

/** A public signing key of a client, as registered or fetched. */
export type ClientJwk = JWK & { kty: 'RSA' | 'EC'; kid: string };

/** Algorithms a client may sign assertions with: RS384/ES384 always, RS256/ES256 when registered. */
export const CLIENT_ASSERTION_ALGS = ['RS384', 'ES384', 'RS256', 'ES256'] as const;
export type ClientAssertionAlg = (typeof CLIENT_ASSERTION_ALGS)[number];

/** Members that only a private (or symmetric) key has. @see https://www.rfc-editor.org/rfc/rfc7518#section-6 */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const CURVE_ALG: Readonly<Record<string, ClientAssertionAlg>> = { 'P-256': 'ES256', 'P-384': 'ES384' };
const MAX_KEYS = 20;
const MIN_RSA_BITS = 2048;

export type JwksParseResult = { ok: true; keys: ClientJwk[] } | { ok: false; problems: string[] };

export interface JwksParseOptions {
  /**
   * Registration: every problem is an error and `kid`s must be unique. A fetched set is read
   * leniently: keys of other types or uses are skipped (duplicates fail later, as ambiguous).
   */
  strict: boolean;
  /** How the set is named in messages, e.g. `jwks` or `the JWKS at jwks_uri`. */
  label: string;
}

export function parseClientJwks(value: unknown, options: JwksParseOptions): JwksParseResult {
  const { label } = options;
  if (!isObject(value) || !Array.isArray(value.keys)) return fail(`${label} must be a JWK Set: an object with a "keys" array.`);
  if (value.keys.length === 0) return fail(`${label} has no keys.`);
  if (value.keys.length > MAX_KEYS) return fail(`${label} has more than ${MAX_KEYS} keys.`);
  const privateKeys = value.keys.flatMap((key, index) => {
    const members = isObject(key) ? PRIVATE_MEMBERS.filter((member) => member in key) : [];
    return members.length ? [`${label}.keys[${index}] contains private key material (${members.join(', ')}); register public keys only.`] : [];
  });
  if (privateKeys.length) return { ok: false, problems: privateKeys };

  const keys: ClientJwk[] = [];
  const problems: string[] = [];
  const kids = new Set<string>();
  value.keys.forEach((key, index) => {
    const problem = keyProblem(key);
    if (problem) {
      if (options.strict) problems.push(`${label}.keys[${index}] ${problem}`);
      return;
    }
    const jwk = key as ClientJwk;
    if (options.strict && kids.has(jwk.kid)) problems.push(`${label}.keys[${index}] repeats kid "${jwk.kid}"; each kid must be unique in the set.`);
    kids.add(jwk.kid);
    keys.push(jwk);
  });
  if (problems.length) return { ok: false, problems };
  if (keys.length === 0) return fail(`${label} has no RSA or EC signing key with a kid.`);
  return { ok: true, keys };
}

/** Proves each key imports as a public key of its type (catches bad curves points and moduli). */
export async function unusableKeys(keys: readonly ClientJwk[], label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, key] of keys.entries()) {
    try {
      await importJWK(key, importAlg(key));
    } catch {
      problems.push(`${label}.keys[${index}] is not a usable ${key.kty === 'EC' ? `${key.crv} ` : ''}${key.kty} public key.`);
    }
  }
  return problems;
}

/** The algorithm to import a key under: its own `alg`, else one its type and curve fit. */
export function importAlg(key: ClientJwk): ClientAssertionAlg {
  if (typeof key.alg === 'string' && (CLIENT_ASSERTION_ALGS as readonly string[]).includes(key.alg)) return key.alg as ClientAssertionAlg;
  return key.kty === 'EC' ? (CURVE_ALG[key.crv ?? ''] ?? 'ES384') : 'RS384';
}

function keyProblem(key: unknown): string | undefined {
  if (!isObject(key)) return 'is not a JSON object.';
  if (key.kty === 'oct') return 'is a symmetric key (kty "oct"); clients authenticate with asymmetric keys.';
  if (key.kty !== 'RSA' && key.kty !== 'EC') return 'has an unsupported kty; use "RSA" or "EC".';
  if (typeof key.kid !== 'string' || key.kid === '') return 'has no kid.';
  if (key.use !== undefined && key.use !== 'sig') return 'is not a signing key (use must be "sig").';
  if (key.alg !== undefined && !(CLIENT_ASSERTION_ALGS as readonly unknown[]).includes(key.alg)) {
    return `has alg ${JSON.stringify(key.alg)}; supported: ${CLIENT_ASSERTION_ALGS.join(', ')}.`;
  }
  return key.kty === 'RSA' ? rsaProblem(key) : ecProblem(key);
}

function rsaProblem(key: Record<string, unknown>): string | undefined {
  if (typeof key.n !== 'string' || typeof key.e !== 'string') return 'is an RSA key without n and e.';
  if (typeof key.alg === 'string' && !key.alg.startsWith('RS')) return `is an RSA key but has alg ${key.alg}.`;
  const modulus = decodeBase64Url(key.n);
  if (!modulus) return 'has an n that is not base64url.';
  const bits = modulus.length * 8 - Math.clz32(modulus[0] ?? 0) + 24;
  return bits < MIN_RSA_BITS ? `is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required.` : undefined;
}

function ecProblem(key: Record<string, unknown>): string | undefined {
  const curveAlg = typeof key.crv === 'string' ? CURVE_ALG[key.crv] : undefined;
  if (!curveAlg) return 'is an EC key on an unsupported curve; use P-256 or P-384.';
  if (typeof key.x !== 'string' || typeof key.y !== 'string') return 'is an EC key without x and y.';
  if (key.alg !== undefined && key.alg !== curveAlg) return `is a ${String(key.crv)} key but has alg ${String(key.alg)}.`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(problem: string): JwksParseResult {
  return { ok: false, problems: [problem] };
}
