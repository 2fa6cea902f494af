/** Types shared by the Node side (config, global setup) and the workerd side (tests) of the suite. */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Hyperdrive binding's local connection string, provided by global-setup.ts. */
    hyperdriveUrl: string;
  }
}

declare global {
  namespace Cloudflare {
    /** The bindings of wrangler.toml, plus those vitest.config.ts adds. */
    interface Env {
      HYPERDRIVE: Hyperdrive;
      ADMIN_TOKEN: string;
      MAX_BODY_BYTES: string;
    }
    interface GlobalProps {
      mainModule: typeof import('../../src/index');
    }
  }
}

export {};
