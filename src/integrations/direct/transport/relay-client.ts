/** What the relay made of one POST. */
export type RelayResult =
  | { outcome: 'accepted'; status: number }
  /** Worth trying again: 5xx, 408, 429, a timeout or a network failure. */
  | { outcome: 'retry'; detail: string }
  /** The relay refused the message itself (another 4xx): retrying the same bytes cannot help. */
  | { outcome: 'refused'; detail: string };

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/**
 * POSTs one sealed message to the HISP relay as `message/rfc822`. Never throws: every outcome is
 * a {@link RelayResult}. Only the status is kept from a refusal, never the response body.
 * @see https://www.rfc-editor.org/rfc/rfc2046#section-5.2.1 (message/rfc822)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.6 (5xx: the server failed; a retry may succeed)
 */
export async function postToRelay(
  fetcher: typeof fetch,
  relayUrl: string,
  raw: Uint8Array,
  timeoutMs: number,
): Promise<RelayResult> {
  let response: Response;
  try {
    response = await fetcher(relayUrl, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: raw as BodyInit,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { outcome: 'retry', detail: timedOut ? `no answer within ${timeoutMs} ms` : 'network error' };
  }
  await response.body?.cancel();
  if (response.ok) return { outcome: 'accepted', status: response.status };
  const detail = `relay answered ${response.status}`;
  return response.status >= 500 || RETRYABLE_STATUSES.has(response.status) ? { outcome: 'retry', detail } : { outcome: 'refused', detail };
}
