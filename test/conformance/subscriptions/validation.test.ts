import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backportSubscription, createSubscriptionKit, type SubscriptionKit } from './subscription-kit';

let kit: SubscriptionKit;
beforeAll(async () => {
  kit = await createSubscriptionKit();
}, 300_000);
afterAll(async () => {
  await kit.close();
});

const valid = () => backportSubscription({ hook: 'validation', filter: `Task?owner=Organization/${kit.organizationId}` }) as any;
async function refused(subscription: unknown) {
  const response = await kit.ehr('POST', 'Subscription', subscription);
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.resourceType).toBe('OperationOutcome');
  return (response.body.issue as any[]).map((issue) => issue.expression?.[0]);
}

describe('a Subscription MetBridge cannot serve is refused with 422 and the FHIRPath to fix', () => {
  it('another topic', async () => {
    expect(await refused({ ...valid(), criteria: 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Servicerequest' })).toContain('Subscription.criteria');
  });

  it('a filter on another parameter or resource, two filters, or none', async () => {
    const withFilter = (...values: string[]) => ({
      ...valid(),
      _criteria: { extension: values.map((valueString) => ({ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria', valueString })) },
    });
    expect(await refused(withFilter('Task?status=requested'))).toContain('Subscription.criteria.extension[0].valueString');
    expect(await refused(withFilter('ServiceRequest?requester=Practitioner/1'))).toContain('Subscription.criteria.extension[0].valueString');
    expect(await refused(withFilter(`Task?owner=Organization/${kit.organizationId}&status=requested`))).toContain('Subscription.criteria.extension[0].valueString');
    expect(await refused(withFilter('Task?owner=Organization/1', 'Task?requester=Practitioner/2'))).toContain('Subscription.criteria.extension[1]');
    expect(await refused(withFilter())).toContain('Subscription.criteria.extension');
  });

  it('a channel other than rest-hook, or an endpoint that is not https', async () => {
    expect(await refused({ ...valid(), channel: { ...valid().channel, type: 'websocket' } })).toContain('Subscription.channel.type');
    expect(await refused({ ...valid(), channel: { ...valid().channel, endpoint: 'http://ehr.example/hook' } })).toContain('Subscription.channel.endpoint');
  });

  it('a full-resource payload, a payload without content, or another MIME type', async () => {
    const content = (valueCode: string) => ({
      ...valid(),
      channel: { ...valid().channel, _payload: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content', valueCode }] } },
    });
    expect(await refused(content('full-resource'))).toContain('Subscription.channel.payload.extension[0].valueCode');
    const { _payload, ...withoutContent } = valid().channel;
    expect(await refused({ ...valid(), channel: withoutContent })).toContain('Subscription.channel.payload.extension');
    expect(await refused({ ...valid(), channel: { ...valid().channel, payload: 'application/fhir+xml' } })).toContain('Subscription.channel.payload');
  });

  it('a malformed header line or heartbeat period', async () => {
    expect(await refused({ ...valid(), channel: { ...valid().channel, header: ['no colon here'] } })).toContain('Subscription.channel.header[0]');
    const heartbeat = { url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period', valueUnsignedInt: 0 };
    expect(await refused({ ...valid(), channel: { ...valid().channel, extension: [heartbeat] } })).toContain('Subscription.channel.extension[0].valueUnsignedInt');
  });

  it('a status other than requested, and the R4 base rules (reason is required)', async () => {
    expect(await refused({ ...valid(), status: 'active' })).toContain('Subscription.status');
    const { reason: _reason, ...withoutReason } = valid();
    expect(await refused(withoutReason)).toContain('Subscription.reason');
  });

  it('nothing is stored for a refused Subscription', async () => {
    await refused({ ...valid(), status: 'active', reason: 'refused-marker' });
    const search = await kit.ehr('GET', 'Subscription?status=active');
    expect((search.body.entry ?? []).filter((entry: any) => entry.resource.reason === 'refused-marker')).toEqual([]);
  });

  it('Subscription and its $status and $events operations are in the CapabilityStatement', async () => {
    const metadata = (await kit.t.app.request('/fhir/metadata')).json() as Promise<any>;
    const subscription = (await metadata).rest[0].resource.find((resource: any) => resource.type === 'Subscription');
    expect(subscription.interaction.map((interaction: any) => interaction.code)).toEqual(expect.arrayContaining(['create', 'read', 'search-type']));
    expect(subscription.interaction.map((interaction: any) => interaction.code)).not.toContain('delete');
    expect(subscription.operation.map((operation: any) => operation.definition)).toEqual([
      'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status',
      'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events',
    ]);
  });
});
