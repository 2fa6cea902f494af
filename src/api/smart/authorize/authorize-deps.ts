import type { DatabaseProvider } from '../../../db/database';
import type { Clock } from '../../../lib/clock';
import type { OAuthEndpoints } from '../oauth-endpoints';

/** What the authorization endpoint and its forms work with. */
export interface AuthorizeDeps {
  database: DatabaseProvider;
  clock: Clock;
  endpoints: OAuthEndpoints;
}
