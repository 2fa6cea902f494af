import { describe, expect, it } from 'vitest';
import { readBackportSubscription, referenceKey } from '../../../src/fhir/subscriptions/backport-subscription';
import { backportSubscription } from '../../conformance/subscriptions/subscription-kit';

const subscription = (overrides: Record<string, unknown> = {}) =>
  ({ ...backportSubscription({ hook: 'unit', filter: 'Task?requester=Practitioner/dr-1', heartbeatSeconds: 300, header: ['X-Api-Key: k'] }), ...overrides }) as Record<string, unknown> & { resourceType: string };

describe('readBackportSubscription', () => {
  it('reads the topic, filter, channel, payload and heartbeat of a backport Subscription', () => {
    expect(readBackportSubscription(subscription())).toEqual({
      ok: true,
      value: {
        topic: 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task',
        filter: { param: 'requester', reference: 'Practitioner/dr-1' },
        endpoint: 'https://ehr.example/hooks/unit',
        headers: ['X-Api-Key: k'],
        payload: 'id-only',
        heartbeatSeconds: 300,
      },
    });
  });

  it('reports every problem at once, each with its FHIRPath', () => {
    const result = readBackportSubscription(subscription({ criteria: 'Task?status=requested', channel: { type: 'email', endpoint: 'mailto:x@y', payload: 'text/plain' } }));
    expect(result.ok).toBe(false);
    const expressions = result.ok ? [] : result.issues.map((issue) => issue.expression);
    expect(expressions).toEqual([
      'Subscription.criteria',
      'Subscription.channel.type',
      'Subscription.channel.endpoint',
      'Subscription.channel.payload',
      'Subscription.channel.payload.extension',
    ]);
  });

  it('accepts a percent-encoded filter value and refuses a chained or modified one', () => {
    const withFilter = (valueString: string) =>
      readBackportSubscription(
        subscription({ _criteria: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria', valueString }] } }),
      );
    expect(withFilter('Task?owner=Organization%2Fabc')).toMatchObject({ ok: true, value: { filter: { param: 'owner', reference: 'Organization/abc' } } });
    expect(withFilter('Task?owner:Organization=abc').ok).toBe(false);
    expect(withFilter('Task?owner.name=Stride').ok).toBe(false);
    expect(withFilter('Task?owner=abc').ok).toBe(false);
  });
});

describe('referenceKey', () => {
  it('is the trailing Type/id of a relative or absolute literal reference', () => {
    expect(referenceKey('Organization/abc')).toBe('Organization/abc');
    expect(referenceKey('https://fhir.example/r4/Organization/abc')).toBe('Organization/abc');
    expect(referenceKey('Organization/abc/_history/2')).toBeUndefined();
    expect(referenceKey('urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000001')).toBeUndefined();
    expect(referenceKey(undefined)).toBeUndefined();
  });
});
