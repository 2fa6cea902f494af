/** What the subscriber's endpoint made of one notification. */
export type RestHookResult =
  | { outcome: 'accepted'; status: number }
  /** `permanent`: the endpoint refused the notification itself (a 4xx other than 408, 425, 429). */
  | { outcome: 'failed'; detail: string; permanent: boolean };

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/**
 * POSTs one notification Bundle to a rest-hook endpoint as `application/fhir+json`, with the
 * subscription's own header lines (its `Content-Type` cannot be overridden). Never throws; only
 * the status is kept from a refusal, never the response body.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/channels.html#rest-hook
 * @see https://hl7.org/fhir/R4/subscription-definitions.html#Subscription.channel.header
 */
export async function postNotification(
  fetcher: typeof fetch,
  endpoint: string,
  headerLines: readonly string[],
  body: string,
  timeoutMs: number,
): Promise<RestHookResult> {
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  headers.set('content-type', 'application/fhir+json');
  let response: Response;
  try {
    response = await fetcher(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { outcome: 'failed', detail: timedOut ? `no answer within ${timeoutMs} ms` : 'network error', permanent: false };
  }
  // The body is not read; releasing it is not awaited (a cancel can wait on a slow peer).
  response.body?.cancel().catch(() => undefined);
  if (response.ok) return { outcome: 'accepted', status: response.status };
  const permanent = response.status >= 400 && response.status < 500 && !RETRYABLE_STATUSES.has(response.status);
  return { outcome: 'failed', detail: `endpoint answered ${response.status}`, permanent };
}
