import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postNotification } from '../../../src/integrations/subscriptions/rest-hook-client';

const seen: Headers[] = [];
const server = setupServer(
  http.post('https://hook.example/:status', ({ request, params }) => {
    seen.push(request.headers);
    return new HttpResponse('{"detail":"not echoed"}', { status: Number(params.status) });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const post = (status: number, headers: string[] = []) => postNotification((input, init) => fetch(input, init), `https://hook.example/${status}`, headers, '{}', 5_000);

describe('postNotification', () => {
  it('POSTs application/fhir+json with the subscription header lines, which cannot override the content type', async () => {
    expect(await post(200, ['Authorization: Bearer abc', 'Content-Type: text/plain', 'X-Trace:  t-1'])).toEqual({ outcome: 'accepted', status: 200 });
    const headers = seen.at(-1)!;
    expect(headers.get('authorization')).toBe('Bearer abc');
    expect(headers.get('content-type')).toBe('application/fhir+json');
    expect(headers.get('x-trace')).toBe('t-1');
  });

  it('a 5xx, 408 or 429 may be retried; another 4xx is a refusal; the body is never kept', async () => {
    expect(await post(503)).toEqual({ outcome: 'failed', detail: 'endpoint answered 503', permanent: false });
    expect(await post(429)).toEqual({ outcome: 'failed', detail: 'endpoint answered 429', permanent: false });
    expect(await post(410)).toEqual({ outcome: 'failed', detail: 'endpoint answered 410', permanent: true });
  });

  it('a network failure is a retryable failure, not an exception', async () => {
    const failing = () => Promise.reject(new TypeError('fetch failed'));
    expect(await postNotification(failing, 'https://hook.example/200', [], '{}', 5_000)).toEqual({ outcome: 'failed', detail: 'network error', permanent: false });
  });
});
