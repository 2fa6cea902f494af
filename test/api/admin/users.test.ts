import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../../src/db/schema/users';
import { verifyPassword } from '../../../src/lib/password-hash';
import { adminHeaders, createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let practiceId: string;
const PASSWORD = 'a long trainer passphrase';
/** Email addresses are unique across the deployment, so each run uses its own domain. */
const DOMAIN = `stride-${crypto.randomUUID().slice(0, 8)}.example`;

beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.request('/admin/practices', {
    method: 'POST',
    headers: adminHeaders(),
    body: JSON.stringify({ name: 'Stride Practice' }),
  });
  practiceId = (await response.json()).id;
});
afterAll(() => t.close());

const postUser = (body: unknown, practice = practiceId) =>
  t.app.request(`/admin/practices/${practice}/users`, {
    method: 'POST',
    headers: adminHeaders(),
    body: JSON.stringify(body),
  });

describe('POST /admin/practices/{id}/users', () => {
  it('creates a trainer account and its Practitioner', async () => {
    const response = await postUser({ email: `dana.trainer@${DOMAIN}`, name: 'Dana Okafor', password: PASSWORD });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ practiceId, email: `dana.trainer@${DOMAIN}`, name: 'Dana Okafor' });
    expect(JSON.stringify(body)).not.toContain(PASSWORD);

    const practitioner = await t.repositories.resourcesOf(practiceId).read('Practitioner', body.practitionerId);
    expect(JSON.parse(practitioner!.json!)).toMatchObject({
      resourceType: 'Practitioner',
      name: [{ text: 'Dana Okafor', family: 'Okafor', given: ['Dana'] }],
      telecom: [{ system: 'email', value: `dana.trainer@${DOMAIN}` }],
    });
  });

  it('stores only a salted PBKDF2 hash of the password', async () => {
    const body = await (await postUser({ email: `lee@${DOMAIN}`, name: 'Lee Park', password: PASSWORD })).json();
    const [row] = await t.db.select().from(users).where(eq(users.id, body.id));
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\$600000\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, row!.passwordHash)).toBe(true);
    expect(t.logs.join('\n')).not.toContain(PASSWORD);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    await postUser({ email: `sam@${DOMAIN}`, name: 'Sam One', password: PASSWORD });
    const response = await postUser({ email: `SAM@${DOMAIN.toUpperCase()}`, name: 'Sam Two', password: PASSWORD });
    expect(response.status).toBe(409);
  });

  it('lists every invalid field', async () => {
    const response = await postUser({ email: 'nope', password: 'short' });
    expect(response.status).toBe(400);
    const fields = (await response.json()).fields.map((field: { field: string }) => field.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
  });

  it('answers 404 for an unknown or malformed practice id', async () => {
    const body = { email: `ghost@${DOMAIN}`, name: 'Ghost', password: PASSWORD };
    expect((await postUser(body, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await postUser(body, 'not-a-uuid')).status).toBe(404);
  });
});
