import type { OAuthClient } from '../../../db/oauth-client-repository';
import type { OAuthRepositories } from '../../../db/oauth-repositories';
import type { ServerKeyStore } from '../../auth/server-keys';
import type { RemoteJwksCache } from '../jwks/remote-jwks-cache';
import type { OAuthEndpoints } from '../oauth-endpoints';
import type { TokenParameters } from './token-parameters';
import type { TokenRefusal } from './token-refusal';

/** What a grant works with for one token request. */
export interface TokenContext {
  repositories: OAuthRepositories;
  endpoints: OAuthEndpoints;
  serverKeys: ServerKeyStore;
  remoteJwks: RemoteJwksCache;
  now: Date;
  /** The request's Authorization header (client_secret_basic). */
  authorization: string | undefined;
  /** Tells this process's bearer authenticator at once about access tokens just revoked. */
  revoked(jtis: readonly string[]): void;
}

export interface IssuedToken {
  client: OAuthClient;
  accessToken: string;
  expiresIn: number;
  scope: string;
  /** The access token's `jti`: an id for audit and revocation, not the token. */
  tokenId: string;
  /** Epoch seconds of the access token's `exp`. */
  expiresAt: number;
  /** App Launch additions to the response. */
  refreshToken?: string;
  idToken?: string;
  patient?: string;
}

export type GrantResult = { ok: true; token: IssuedToken } | TokenRefusal;

/** One `grant_type` of the token endpoint. @see https://www.rfc-editor.org/rfc/rfc6749#section-4 */
export type Grant = (parameters: TokenParameters, context: TokenContext) => Promise<GrantResult>;
