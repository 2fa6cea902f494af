import { describe, expect, it } from 'vitest';
import { notificationBundle } from '../../../src/fhir/subscriptions/notification-bundle';

const base = {
  bundleId: '6b0e5b0c-0000-4000-8000-000000000001',
  statusId: '6b0e5b0c-0000-4000-8000-000000000002',
  baseUrl: 'https://metbridge.example/fhir',
  subscriptionId: 'sub-1',
  timestamp: new Date('2026-12-01T09:00:00Z'),
};

describe('notificationBundle', () => {
  it('an id-only event notification: history Bundle, status Parameters first, then the focus with its request and response', () => {
    const bundle = notificationBundle({
      ...base,
      status: {
        topic: 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task',
        status: 'active',
        type: 'event-notification',
        eventsSinceSubscriptionStart: 2,
        events: [{ eventNumber: 2, timestamp: new Date('2026-12-01T08:59:00Z'), focus: 'https://metbridge.example/fhir/Task/t-1' }],
      },
      foci: [{ resourceType: 'Task', id: 't-1', versionId: 2 }],
    });
    expect(bundle).toEqual({
      resourceType: 'Bundle',
      id: base.bundleId,
      meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4'] },
      type: 'history',
      timestamp: '2026-12-01T09:00:00.000Z',
      entry: [
        {
          fullUrl: `urn:uuid:${base.statusId}`,
          resource: {
            resourceType: 'Parameters',
            id: base.statusId,
            meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4'] },
            parameter: [
              { name: 'subscription', valueReference: { reference: 'https://metbridge.example/fhir/Subscription/sub-1' } },
              { name: 'topic', valueCanonical: 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task' },
              { name: 'status', valueCode: 'active' },
              { name: 'type', valueCode: 'event-notification' },
              { name: 'events-since-subscription-start', valueString: '2' },
              {
                name: 'notification-event',
                part: [
                  { name: 'event-number', valueString: '2' },
                  { name: 'timestamp', valueInstant: '2026-12-01T08:59:00.000Z' },
                  { name: 'focus', valueReference: { reference: 'https://metbridge.example/fhir/Task/t-1' } },
                ],
              },
            ],
          },
          request: { method: 'GET', url: 'https://metbridge.example/fhir/Subscription/sub-1/$status' },
          response: { status: '200' },
        },
        { fullUrl: 'https://metbridge.example/fhir/Task/t-1', request: { method: 'PUT', url: 'Task/t-1' }, response: { status: '200' } },
      ],
    });
  });

  it('a created focus is a POST answered 201; an error is a CodeableConcept', () => {
    const bundle = notificationBundle({
      ...base,
      status: {
        status: 'error',
        type: 'query-event',
        eventsSinceSubscriptionStart: 1,
        error: { system: 'http://terminology.hl7.org/CodeSystem/subscription-error', code: 'no-response', text: 'no answer within 10000 ms' },
      },
      foci: [{ resourceType: 'Task', id: 't-2', versionId: 1 }],
    });
    expect(bundle.entry![1]).toMatchObject({ request: { method: 'POST', url: 'Task' }, response: { status: '201' } });
    const parameters = (bundle.entry![0]!.resource as any).parameter;
    expect(parameters.find((p: any) => p.name === 'error').valueCodeableConcept).toEqual({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscription-error', code: 'no-response' }],
      text: 'no answer within 10000 ms',
    });
    expect(parameters.find((p: any) => p.name === 'topic')).toBeUndefined();
  });
});
