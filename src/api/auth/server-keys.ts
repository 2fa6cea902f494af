import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { NewSigningKeyRow, OAuthSigningKeyRepository, SigningKeyRow } from '../../db/oauth-signing-key-repository';
import type { Clock } from '../../lib/clock';

/**
 * The gateway's own signing keys: ES256 signs access tokens, RS256 will sign id_tokens. A key is
 * generated on first use and stored in PostgreSQL (the table's partial unique index lets exactly
 * one process win a race), so every Node process and Worker isolate signs and verifies with the
 * same keys. Imported keys are cached here; the private half never leaves this module except as
 * a non-extractable CryptoKey.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.1
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */

export const SERVER_KEY_ALGS = ['ES256', 'RS256'] as const;
export type ServerKeyAlg = (typeof SERVER_KEY_ALGS)[number];

export interface SigningKey {
  kid: string;
  alg: ServerKeyAlg;
  privateKey: CryptoKey;
}

export interface VerificationKey {
  kid: string;
  alg: ServerKeyAlg;
  publicKey: CryptoKey;
}

export interface ServerKeyStoreOptions {
  clock: Clock;
  /** How long a retired key is still published and trusted (default one day). */
  overlapMs?: number;
  /** How long the current signing key is reused before the database is asked again (default 5 min). */
  signerTtlMs?: number;
  /** Unknown `kid`s reload the trusted keys at most this often (default 10 s). */
  reloadCooldownMs?: number;
}

export type SigningKeyRepositoryAccess = () => OAuthSigningKeyRepository;

export class ServerKeyStore {
  private readonly signers = new Map<ServerKeyAlg, { key: SigningKey; loadedAt: number }>();
  private verifiers = new Map<string, VerificationKey>();
  private trustedLoadedAt = Number.NEGATIVE_INFINITY;
  private readonly overlapMs: number;
  private readonly signerTtlMs: number;
  private readonly reloadCooldownMs: number;

  constructor(private readonly options: ServerKeyStoreOptions) {
    this.overlapMs = options.overlapMs ?? 24 * 60 * 60_000;
    this.signerTtlMs = options.signerTtlMs ?? 5 * 60_000;
    this.reloadCooldownMs = options.reloadCooldownMs ?? 10_000;
  }

  /** The current key of `alg`, generated and stored first if there is none yet. */
  async signingKey(repository: OAuthSigningKeyRepository, alg: ServerKeyAlg): Promise<SigningKey> {
    const cached = this.signers.get(alg);
    if (cached && this.now() - cached.loadedAt < this.signerTtlMs) return cached.key;
    const row = (await repository.findCurrent(alg)) ?? (await repository.insertCurrentIfAbsent(await generateKeyRow(alg, this.options.clock.now())));
    const key: SigningKey = { kid: row.kid, alg, privateKey: (await importJWK(row.privateJwk as JWK, alg, { extractable: false })) as CryptoKey };
    this.signers.set(alg, { key, loadedAt: this.now() });
    return key;
  }

  /**
   * The trusted public key with `kid`. An unknown `kid` reloads the trusted keys from the database
   * (another process may have rotated), at most once per cooldown.
   */
  async verificationKey(kid: string, repository: SigningKeyRepositoryAccess): Promise<VerificationKey | undefined> {
    const known = this.verifiers.get(kid);
    if (known || this.now() - this.trustedLoadedAt < this.reloadCooldownMs) return known;
    await this.reloadTrusted(repository());
    return this.verifiers.get(kid);
  }

  /**
   * Replaces the current key of `alg`: the old one stops signing (here at once, in other
   * processes within `signerTtlMs`) but stays published and trusted for `overlapMs`.
   */
  async rotate(repository: OAuthSigningKeyRepository, alg: ServerKeyAlg): Promise<SigningKey> {
    const current = await repository.findCurrent(alg);
    if (current) await repository.retire(current.kid, this.options.clock.now());
    this.signers.delete(alg);
    this.trustedLoadedAt = Number.NEGATIVE_INFINITY;
    return this.signingKey(repository, alg);
  }

  /** The public JWK Set: every current and recently retired key, public members only. */
  async publicJwks(repository: OAuthSigningKeyRepository): Promise<{ keys: JWK[] }> {
    for (const alg of SERVER_KEY_ALGS) await this.signingKey(repository, alg);
    const rows = await this.reloadTrusted(repository);
    return { keys: rows.map((row) => publicMembers(row.publicJwk)) };
  }

  private async reloadTrusted(repository: OAuthSigningKeyRepository): Promise<SigningKeyRow[]> {
    const rows = await repository.findTrusted(new Date(this.now() - this.overlapMs));
    const verifiers = new Map<string, VerificationKey>();
    for (const row of rows) {
      const alg = row.alg as ServerKeyAlg;
      const publicKey = (await importJWK(publicMembers(row.publicJwk), alg)) as CryptoKey;
      verifiers.set(row.kid, { kid: row.kid, alg, publicKey });
    }
    this.verifiers = verifiers;
    this.trustedLoadedAt = this.now();
    return rows;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

/** A new key pair of `alg` as a row: `kid` is the RFC 7638 thumbprint of the public key. */
async function generateKeyRow(alg: ServerKeyAlg, now: Date): Promise<NewSigningKeyRow> {
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    kid,
    alg,
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
    privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg },
    createdAt: now,
  };
}

/** Only the members a public JWK may carry, whatever the stored object holds. */
function publicMembers(jwk: Record<string, unknown>): JWK {
  const { kty, crv, x, y, n, e, kid, alg, use } = jwk as JWK;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, kid, alg, use }).filter(([, value]) => value !== undefined)) as JWK;
}
