import type { Clock } from '../../../lib/clock';
import { fetchJwks, type JwksFetchLimits, type JwksFetchResult } from './fetch-jwks';
import type { ClientJwk } from './public-jwks';

export interface RemoteJwksCacheOptions extends Partial<JwksFetchLimits> {
  fetch: typeof fetch;
  clock: Clock;
  /** A forced refetch (unknown `kid`) happens at most once per this interval per URL. */
  refetchCooldownMs?: number;
  /** URLs remembered at most; the oldest is forgotten first. */
  maxEntries?: number;
}

export type JwksLookup = { ok: true; keys: ClientJwk[] } | { ok: false; problem: string };

interface Entry {
  keys: ClientJwk[];
  expiresAt: number;
}

const DEFAULT_LIMITS: JwksFetchLimits = {
  timeoutMs: 5_000,
  maxBytes: 64 * 1024,
  defaultMaxAgeMs: 5 * 60_000,
  maxMaxAgeMs: 24 * 60 * 60_000,
};

/**
 * Client JWK Sets fetched from their `jwks_uri`, kept as long as the client's `Cache-Control`
 * allows and shared by every request of the process or isolate, so the token endpoint does not
 * fetch per request. An unknown `kid` may force one refetch (the client rotated its keys), at
 * most once per cooldown, so made-up `kid`s cannot turn the server into a fetch amplifier.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */
export class RemoteJwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<JwksFetchResult>>();
  private readonly lastForcedAt = new Map<string, number>();
  private readonly limits: JwksFetchLimits;
  private readonly cooldownMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: RemoteJwksCacheOptions) {
    this.limits = {
      timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
      maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes,
      defaultMaxAgeMs: options.defaultMaxAgeMs ?? DEFAULT_LIMITS.defaultMaxAgeMs,
      maxMaxAgeMs: options.maxMaxAgeMs ?? DEFAULT_LIMITS.maxMaxAgeMs,
    };
    this.cooldownMs = options.refetchCooldownMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 1_000;
  }

  /** The keys at `url`: from the cache while fresh, fetched otherwise. */
  async keys(url: string): Promise<JwksLookup> {
    const entry = this.entries.get(url);
    if (entry && entry.expiresAt > this.now()) return { ok: true, keys: entry.keys };
    return this.fetch(url);
  }

  /**
   * Fetches `url` again after a `kid` was not found in its keys; undefined when a forced refetch
   * of it already happened within the cooldown (the caller keeps its answer).
   */
  async refetch(url: string): Promise<JwksLookup | undefined> {
    const last = this.lastForcedAt.get(url);
    if (last !== undefined && this.now() - last < this.cooldownMs) return undefined;
    this.lastForcedAt.delete(url);
    if (this.lastForcedAt.size >= this.maxEntries) this.lastForcedAt.delete(this.lastForcedAt.keys().next().value!);
    this.lastForcedAt.set(url, this.now());
    return this.fetch(url);
  }

  private async fetch(url: string): Promise<JwksLookup> {
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = fetchJwks(this.options.fetch, url, this.limits).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    const result = await pending;
    if (!result.ok) return result;
    this.remember(url, { keys: result.keys, expiresAt: this.now() + result.maxAgeMs });
    return { ok: true, keys: result.keys };
  }

  private remember(url: string, entry: Entry): void {
    this.entries.delete(url);
    if (entry.expiresAt <= this.now()) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(url, entry);
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}
