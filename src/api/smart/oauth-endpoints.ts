/**
 * Every URL of the authorization server, derived from PUBLIC_URL alone. The issuer is PUBLIC_URL
 * itself (so `/.well-known/openid-configuration` sits where OpenID Connect Discovery looks for
 * it); access tokens are issued for the FHIR base as their audience.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export interface OAuthEndpoints {
  issuer: string;
  fhirBase: string;
  jwks: string;
  token: string;
  authorization: string;
  introspection: string;
  revocation: string;
  registration: string;
}

/** Paths below PUBLIC_URL; `authorization`, `introspection` and `revocation` are served by App Launch. */
export const OAUTH_PATHS = {
  jwks: '/.well-known/jwks.json',
  token: '/oauth/token',
  authorization: '/oauth/authorize',
  introspection: '/oauth/introspect',
  revocation: '/oauth/revoke',
  registration: '/oauth/register',
} as const;

export function oauthEndpoints(publicUrl: string): OAuthEndpoints {
  return {
    issuer: publicUrl,
    fhirBase: `${publicUrl}/fhir`,
    jwks: publicUrl + OAUTH_PATHS.jwks,
    token: publicUrl + OAUTH_PATHS.token,
    authorization: publicUrl + OAUTH_PATHS.authorization,
    introspection: publicUrl + OAUTH_PATHS.introspection,
    revocation: publicUrl + OAUTH_PATHS.revocation,
    registration: publicUrl + OAUTH_PATHS.registration,
  };
}
