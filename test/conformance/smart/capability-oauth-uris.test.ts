import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartTestApp, PUBLIC_URL, type SmartTestApp } from './smart-fixture';

/** The CapabilityStatement points clients at the same authorization server as SMART discovery. */

let t: SmartTestApp;
beforeAll(async () => {
  t = await createSmartTestApp();
});
afterAll(() => t.close());

describe('GET /fhir/metadata', () => {
  it('declares SMART-on-FHIR security with every OAuth endpoint of the discovery document in oauth-uris', async () => {
    const metadata = await (await t.app.request('/fhir/metadata')).json();
    const discovery = await (await t.app.request('/fhir/.well-known/smart-configuration')).json();

    const security = metadata.rest[0].security;
    expect(security.service[0].coding).toContainEqual({
      system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
      code: 'SMART-on-FHIR',
    });
    const oauthUris = security.extension.find(
      (extension: { url: string }) => extension.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
    const uris = Object.fromEntries(oauthUris.extension.map((entry: { url: string; valueUri: string }) => [entry.url, entry.valueUri]));
    expect(uris).toEqual({
      authorize: discovery.authorization_endpoint,
      token: discovery.token_endpoint,
      register: discovery.registration_endpoint,
      introspect: discovery.introspection_endpoint,
      revoke: discovery.revocation_endpoint,
    });
    expect(uris.token).toBe(`${PUBLIC_URL}/oauth/token`);
  });
});
