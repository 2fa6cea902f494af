import type { Clock } from '../lib/clock';
import { AuditLog } from './audit-log';
import type { Database } from './database';
import { OAuthAssertionJtiRepository } from './oauth-assertion-jti-repository';
import { OAuthClientRepository } from './oauth-client-repository';
import { OAuthRevokedTokenRepository } from './oauth-revoked-token-repository';
import { OAuthSigningKeyRepository } from './oauth-signing-key-repository';
import { PracticeRepository } from './practice-repository';

/**
 * The authorization server's repositories over one database handle; `transaction` hands out the
 * same set bound to one transaction, so a registration or a token and its audit row commit together.
 */
export interface OAuthRepositories {
  clients: OAuthClientRepository;
  signingKeys: OAuthSigningKeyRepository;
  assertionJtis: OAuthAssertionJtiRepository;
  revokedTokens: OAuthRevokedTokenRepository;
  practices: PracticeRepository;
  audit: AuditLog;
  transaction<T>(work: (repositories: OAuthRepositories) => Promise<T>): Promise<T>;
}

export function createOAuthRepositories(db: Database, clock: Clock): OAuthRepositories {
  return {
    clients: new OAuthClientRepository(db),
    signingKeys: new OAuthSigningKeyRepository(db),
    assertionJtis: new OAuthAssertionJtiRepository(db),
    revokedTokens: new OAuthRevokedTokenRepository(db),
    practices: new PracticeRepository(db),
    audit: new AuditLog(db, clock),
    transaction: (work) => db.transaction((tx) => work(createOAuthRepositories(tx, clock))),
  };
}
