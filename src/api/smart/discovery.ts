import type { OAuthEndpoints } from './oauth-endpoints';

/**
 * What the authorization server supports, once: the SMART configuration and the OpenID Provider
 * metadata are both generated from these lists.
 */
export const GRANT_TYPES_SUPPORTED = ['authorization_code', 'client_credentials', 'refresh_token'] as const;
export const TOKEN_ENDPOINT_AUTH_METHODS = ['private_key_jwt', 'client_secret_basic'] as const;
export const TOKEN_ENDPOINT_AUTH_SIGNING_ALGS = ['RS384', 'ES384'] as const;
export const SCOPES_SUPPORTED = [
  'openid',
  'fhirUser',
  'launch/patient',
  'offline_access',
  'system/*.cruds',
  'system/*.rs',
  'system/*.read',
  'user/*.cruds',
  'user/*.rs',
  'user/*.read',
  'patient/*.cruds',
  'patient/*.rs',
  'patient/*.read',
] as const;

/** @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#capabilities */
export const SMART_CAPABILITIES = [
  'launch-standalone',
  'authorize-post',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'sso-openid-connect',
  'context-standalone-patient',
  'permission-offline',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
] as const;

export interface DiscoveryOptions {
  /** The registration endpoint exists only while the admin API is enabled (ADMIN_TOKEN set). */
  registration: boolean;
}

/**
 * `/.well-known/smart-configuration` of the FHIR base.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 */
export function smartConfiguration(endpoints: OAuthEndpoints, options: DiscoveryOptions): Record<string, unknown> {
  return {
    issuer: endpoints.issuer,
    jwks_uri: endpoints.jwks,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    introspection_endpoint: endpoints.introspection,
    revocation_endpoint: endpoints.revocation,
    ...(options.registration ? { registration_endpoint: endpoints.registration } : {}),
    grant_types_supported: GRANT_TYPES_SUPPORTED,
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    capabilities: SMART_CAPABILITIES,
  };
}

/**
 * `/.well-known/openid-configuration` of the issuer, for `sso-openid-connect`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function openidConfiguration(endpoints: OAuthEndpoints, options: DiscoveryOptions): Record<string, unknown> {
  return {
    issuer: endpoints.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    jwks_uri: endpoints.jwks,
    ...(options.registration ? { registration_endpoint: endpoints.registration } : {}),
    introspection_endpoint: endpoints.introspection,
    revocation_endpoint: endpoints.revocation,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    grant_types_supported: GRANT_TYPES_SUPPORTED,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'fhirUser'],
  };
}
