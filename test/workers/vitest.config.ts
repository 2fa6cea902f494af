import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * The Workers suite: the Worker of wrangler.toml runs in workerd (Miniflare) and reaches the
 * PostgreSQL of global-setup.ts through its local Hyperdrive emulation.
 * @see https://developers.cloudflare.com/workers/testing/vitest-integration/configuration/
 */

/** The ADMIN_TOKEN secret of the Worker under test; tests read it from `env`. */
const ADMIN_TOKEN = 'workers-suite-admin-token';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: fileURLToPath(new URL('../../wrangler.toml', import.meta.url)) },
      miniflare: {
        hyperdrives: { HYPERDRIVE: inject('hyperdriveUrl') },
        bindings: { ADMIN_TOKEN },
      },
    })),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/workers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
