import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlowsKit, type FlowsKit } from '../../integrations/direct/flows/flows-kit';
import { adminHeaders } from '../../support/test-app';

let kit: FlowsKit;
beforeAll(async () => {
  kit = await createFlowsKit();
}, 300_000);
afterAll(() => kit?.close());

describe('POST /admin/trust-anchors', () => {
  it('adds a CA certificate once: 201, then 200 for the same certificate', async () => {
    const first = await kit.admin('POST', '/admin/trust-anchors', { pem: kit.pki.rogueAnchorPem });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ subject: 'Rogue Trust Anchor', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const again = await kit.admin('POST', '/admin/trust-anchors', { pem: kit.pki.rogueAnchorPem });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
  });

  it('refuses what is not a PEM certificate, naming the field', async () => {
    const response = await kit.admin('POST', '/admin/trust-anchors', { pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([{ field: 'pem', message: expect.stringContaining('PEM X.509 certificate') }]);
  });

  it('needs the admin token', async () => {
    const response = await kit.t.app.request('/admin/trust-anchors', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pem: kit.pki.anchorPem }),
    });
    expect(response.status).toBe(401);
  });
});

describe('POST /admin/practices/{id}/direct-identity', () => {
  const path = () => `/admin/practices/${kit.practiceId}/direct-identity`;

  it('names every invalid field at once', async () => {
    const response = await kit.admin('POST', path(), { address: 'not an address', certificate: 'x', privateKey: '' });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(['address', 'privateKey']);
    const unparsable = await kit.admin('POST', path(), { address: kit.pki.practice.address, certificate: 'not a certificate', privateKey: 'x' });
    expect(unparsable.body.fields).toEqual([{ field: 'certificate', message: expect.stringContaining('PEM X.509 certificate') }]);
  });

  it('refuses a private key that is not the certificate’s', async () => {
    const response = await kit.admin('POST', path(), {
      address: kit.pki.practice.address,
      certificate: kit.pki.practice.certificatePem,
      privateKey: kit.pki.partner.privateKeyPem,
    });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([{ field: 'privateKey', message: "The private key is not the certificate's key." }]);
  });

  it('replaces the certificate and key of the same address (200), never returning or logging the key', async () => {
    const response = await kit.admin('POST', path(), {
      address: kit.pki.practice.address,
      certificate: kit.pki.practice.certificatePem,
      privateKey: kit.pki.practice.privateKeyPem,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ address: kit.pki.practice.address, certificate: { subject: 'Move Well Intake' } });
    const keyBody = kit.pki.practice.privateKeyPem.split('\n')[1]!;
    expect(JSON.stringify(response.body)).not.toContain(keyBody);
    expect(JSON.stringify(response.body)).not.toContain('PRIVATE KEY');
    expect(kit.t.logs.join('\n')).not.toContain(keyBody);
  });

  it('stores the key encrypted: the row holds no PEM, and the ciphertext opens only for its owner', async () => {
    const result = await kit.t.db.execute(
      sql`select private_key_ciphertext from direct_identities where lower(address) = lower(${kit.pki.practice.address})`,
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { private_key_ciphertext: string }[];
    const ciphertext = rows[0]!.private_key_ciphertext;
    expect(ciphertext).toMatch(/^v1\./);
    expect(ciphertext).not.toContain('PRIVATE KEY');
    const vault = kit.direct.runtime.vault!;
    await expect(vault.open(ciphertext, { practiceId: kit.practiceId, address: kit.pki.practice.address })).resolves.toContain('PRIVATE KEY');
    await expect(vault.open(ciphertext, { practiceId: crypto.randomUUID(), address: kit.pki.practice.address })).rejects.toThrow(
      'does not decrypt',
    );
  });

  it('refuses an address another practice already uses (409) and an unknown practice (404)', async () => {
    const other = await kit.admin('POST', '/admin/practices', { name: 'Other Practice' });
    const taken = await kit.admin('POST', `/admin/practices/${other.body.id}/direct-identity`, {
      address: kit.pki.practice.address.toUpperCase(),
      certificate: kit.pki.practice.certificatePem,
      privateKey: kit.pki.practice.privateKeyPem,
    });
    expect(taken.status).toBe(409);
    const unknown = await kit.admin('POST', `/admin/practices/${crypto.randomUUID()}/direct-identity`, {
      address: kit.pki.practice.address,
      certificate: kit.pki.practice.certificatePem,
      privateKey: kit.pki.practice.privateKeyPem,
    });
    expect(unknown.status).toBe(404);
  });
});

describe('POST and GET /admin/practices/{id}/partners', () => {
  const path = () => `/admin/practices/${kit.practiceId}/partners`;

  it('lists the partner registered in setup with its certificate summary and channel', async () => {
    const response = await kit.admin('GET', path());
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        name: 'Dr. Lee',
        npi: '1234567893',
        address: kit.pki.partner.address,
        preferredChannel: 'direct',
        keyTransport: 'rsa-pkcs1',
        certificate: expect.objectContaining({ subject: 'Dr. Lee' }),
      }),
    ]);
  });

  it('adds a partner without a certificate who prefers fax, and one asking for RSA-OAEP', async () => {
    const fax = await kit.admin('POST', path(), { name: 'Dr. Fax', address: 'dr.fax@direct.fax.example', preferredChannel: 'fax' });
    expect(fax).toMatchObject({ status: 201, body: { preferredChannel: 'fax', certificate: null } });
    const oaep = await kit.admin('POST', path(), {
      name: 'Dr. Park',
      address: kit.pki.colleague.address,
      certificate: kit.pki.colleague.certificatePem,
      keyTransport: 'rsa-oaep',
    });
    expect(oaep).toMatchObject({ status: 201, body: { keyTransport: 'rsa-oaep' } });
  });

  it('names every invalid field, and refuses a second partner at the same address', async () => {
    const invalid = await kit.admin('POST', path(), {
      name: '',
      npi: '1234567890',
      address: 'nope',
      preferredChannel: 'pigeon',
      keyTransport: 'rsa-md5',
      extra: 1,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(
      ['address', 'extra', 'keyTransport', 'name', 'npi', 'preferredChannel'].sort(),
    );
    const badCertificate = await kit.admin('POST', path(), { name: 'X', address: 'x@direct.x.example', certificate: 'nope' });
    expect(badCertificate.body.fields).toEqual([{ field: 'certificate', message: expect.any(String) }]);
    const duplicate = await kit.admin('POST', path(), { name: 'Lee again', address: kit.pki.partner.address.toUpperCase() });
    expect(duplicate.status).toBe(409);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await kit.t.app.request(path(), { method: 'POST', headers: { ...adminHeaders(), 'content-type': 'text/plain' }, body: 'x' });
    expect(response.status).toBe(415);
  });
});
