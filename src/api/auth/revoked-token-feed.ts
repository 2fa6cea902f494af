/**
 * The `jti`s of revoked, not yet expired access tokens, as this process knows them: the whole
 * (small: access tokens live five minutes) set is reloaded from PostgreSQL at most once per
 * `pollMs`, by whichever request first finds it stale, so a revocation made by another process or
 * isolate takes effect here within `pollMs` at the cost of one query per `pollMs` — not one per
 * request or per token. Revocations made in this process apply at once.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export class RevokedTokenFeed {
  private revoked = new Set<string>();
  /** Revoked here, with the instant they were added; kept until a reload that started later. */
  private readonly local = new Map<string, number>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly load: (now: Date) => Promise<string[]>,
    private readonly pollMs: number,
  ) {}

  async isRevoked(jti: string, now: Date): Promise<boolean> {
    if (now.getTime() - this.loadedAt >= this.pollMs) await this.reload(now);
    return this.revoked.has(jti) || this.local.has(jti);
  }

  /** This process just revoked `jti` (after committing it to the table). */
  add(jti: string, now: Date): void {
    this.local.set(jti, now.getTime());
  }

  private reload(now: Date): Promise<void> {
    this.loading ??= (async () => {
      const startedAt = now.getTime();
      try {
        this.revoked = new Set(await this.load(now));
        this.loadedAt = startedAt;
        for (const [jti, addedAt] of this.local) if (addedAt < startedAt) this.local.delete(jti);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
