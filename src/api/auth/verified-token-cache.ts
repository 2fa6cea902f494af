import type { Principal } from './principal';

export interface VerifiedToken {
  principal: Principal;
  jti: string;
  /** Epoch ms of the token's `exp`. */
  expiresAt: number;
}

/**
 * Verified access tokens by the SHA-256 of their text (the token itself is never kept), until
 * they expire. Bounded: when full, expired entries go first, then the oldest.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries: number) {}

  get(digest: string): VerifiedToken | undefined {
    return this.entries.get(digest);
  }

  set(digest: string, token: VerifiedToken, now: number): void {
    if (this.entries.size >= this.maxEntries) this.makeRoom(now);
    this.entries.set(digest, token);
  }

  delete(digest: string): void {
    this.entries.delete(digest);
  }

  /** Drops every entry of the token with `jti`, e.g. right after this process revoked it. */
  forget(jti: string): void {
    for (const [digest, token] of this.entries) if (token.jti === jti) this.entries.delete(digest);
  }

  get size(): number {
    return this.entries.size;
  }

  private makeRoom(now: number): void {
    for (const [digest, token] of this.entries) if (token.expiresAt <= now) this.entries.delete(digest);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
