import type { Config } from '../../config';
import type { DatabaseProvider } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { accessTokenAuthenticator, type AccessTokenAuthenticator } from './access-token-authenticator';
import { ServerKeyStore } from './server-keys';

export interface TokenAuthentication {
  /** Shared with the token endpoint (`AppDeps.serverKeys`), so both use one key cache. */
  serverKeys: ServerKeyStore;
  authenticator: AccessTokenAuthenticator;
}

/** What a composition root adds to AppDeps so FHIR and the practice API accept the tokens the server issues. */
export function tokenAuthentication(deps: { config: Config; clock: Clock; database: DatabaseProvider }): TokenAuthentication {
  const serverKeys = new ServerKeyStore({ clock: deps.clock });
  const authenticator = accessTokenAuthenticator({
    publicUrl: deps.config.publicUrl,
    clock: deps.clock,
    database: deps.database,
    keys: serverKeys,
  });
  return { serverKeys, authenticator };
}
