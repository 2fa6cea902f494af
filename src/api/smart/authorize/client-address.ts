import type { Context } from 'hono';

/**
 * The address a request came from, for sign-in throttling: the TCP peer on Node
 * (`@hono/node-server` puts the IncomingMessage on the env), `CF-Connecting-IP` on Workers
 * (set by Cloudflare, never taken from the client). Forwarding headers a client can write
 * are ignored on Node.
 * @see https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-connecting-ip
 */
export function clientAddress(c: Context): string {
  const incoming: unknown = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (incoming && typeof incoming === 'object') {
    const remote = (incoming as { socket?: { remoteAddress?: unknown } }).socket?.remoteAddress;
    return typeof remote === 'string' ? remote : 'unknown';
  }
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}
