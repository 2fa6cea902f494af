import type { Clock } from '../lib/clock';
import { AuditLog } from './audit-log';
import type { Database } from './database';
import { OAuthAssertionJtiRepository } from './oauth-assertion-jti-repository';
import { OAuthAuthorizationCodeRepository } from './oauth-authorization-code-repository';
import { OAuthAuthorizationRequestRepository } from './oauth-authorization-request-repository';
import { OAuthClientRepository } from './oauth-client-repository';
import { OAuthRefreshTokenRepository } from './oauth-refresh-token-repository';
import { OAuthRevokedTokenRepository } from './oauth-revoked-token-repository';
import { OAuthSignInAttemptRepository } from './oauth-sign-in-attempt-repository';
import { OAuthSigningKeyRepository } from './oauth-signing-key-repository';
import { PracticeRepository } from './practice-repository';
import { UserRepository } from './user-repository';

/**
 * The authorization server's repositories over one database handle; `transaction` hands out the
 * same set bound to one transaction, so a registration or a token and its audit row commit together.
 */
export interface OAuthRepositories {
  clients: OAuthClientRepository;
  signingKeys: OAuthSigningKeyRepository;
  assertionJtis: OAuthAssertionJtiRepository;
  revokedTokens: OAuthRevokedTokenRepository;
  authorizationRequests: OAuthAuthorizationRequestRepository;
  authorizationCodes: OAuthAuthorizationCodeRepository;
  refreshTokens: OAuthRefreshTokenRepository;
  signInAttempts: OAuthSignInAttemptRepository;
  users: UserRepository;
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
    authorizationRequests: new OAuthAuthorizationRequestRepository(db),
    authorizationCodes: new OAuthAuthorizationCodeRepository(db),
    refreshTokens: new OAuthRefreshTokenRepository(db),
    signInAttempts: new OAuthSignInAttemptRepository(db),
    users: new UserRepository(db),
    practices: new PracticeRepository(db),
    audit: new AuditLog(db, clock),
    transaction: (work) => db.transaction((tx) => work(createOAuthRepositories(tx, clock))),
  };
}
