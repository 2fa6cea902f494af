import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, type TestApp } from '../../support/test-app';

let t: TestApp;
let auth: Record<string, string>;
const json = { 'content-type': 'application/fhir+json' };

beforeAll(async () => {
  t = await createTestApp();
  auth = t.authorize(systemPrincipal(await createTestPractice(t.repositories)));
});
afterAll(() => t.close());

const patient = { resourceType: 'Patient', name: [{ family: 'Rivera', given: ['Ana'] }], birthDate: '1958-04-12' };

describe('FHIR create, read, update, delete', () => {
  it('creates, reads, updates with If-Match and deletes a Patient', async () => {
    const created = await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify(patient) });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('location')).toBe(`http://localhost:8787/fhir/Patient/${body.id}/_history/1`);

    const read = await t.app.request(`/fhir/Patient/${body.id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect((await read.json()).name[0].family).toBe('Rivera');

    const notModified = await t.app.request(`/fhir/Patient/${body.id}`, { headers: { ...auth, 'if-none-match': 'W/"1"' } });
    expect(notModified.status).toBe(304);

    const updated = await t.app.request(`/fhir/Patient/${body.id}`, {
      method: 'PUT',
      headers: { ...auth, ...json, 'if-match': 'W/"1"' },
      body: JSON.stringify({ ...patient, id: body.id, gender: 'female' }),
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('W/"2"');

    const stale = await t.app.request(`/fhir/Patient/${body.id}`, {
      method: 'PUT',
      headers: { ...auth, ...json, 'if-match': 'W/"1"' },
      body: JSON.stringify({ ...patient, id: body.id }),
    });
    expect(stale.status).toBe(412);

    const deleted = await t.app.request(`/fhir/Patient/${body.id}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    expect((await t.app.request(`/fhir/Patient/${body.id}`, { headers: auth })).status).toBe(410);
    expect((await t.app.request(`/fhir/Patient/${body.id}/_history/3`, { headers: auth })).status).toBe(410);
    expect((await t.app.request(`/fhir/Patient/${body.id}/_history/2`, { headers: auth })).status).toBe(200);

    const history = await (await t.app.request(`/fhir/Patient/${body.id}/_history`, { headers: auth })).json();
    expect(history.entry.map((entry: { request: { method: string } }) => entry.request.method)).toEqual(['DELETE', 'PUT', 'POST']);

    const provenance = await (await t.app.request(`/fhir/Provenance`, { headers: auth })).json();
    expect(provenance.entry.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses requests without a token', async () => {
    const response = await t.app.request('/fhir/Patient');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('searches by identifier and pages', async () => {
    for (let i = 0; i < 3; i++) {
      await t.app.request('/fhir/Patient', {
        method: 'POST',
        headers: { ...auth, ...json },
        body: JSON.stringify({ ...patient, identifier: [{ system: 'urn:mrn', value: `P-${i}` }] }),
      });
    }
    const page = await (await t.app.request('/fhir/Patient?identifier=urn:mrn|P-1&bogus=1', { headers: auth })).json();
    expect(page.entry).toHaveLength(1);
    expect(page.link[0].url).toBe('http://localhost:8787/fhir/Patient?identifier=urn%3Amrn%7CP-1');
  });
});
