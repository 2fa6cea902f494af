import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldNames } from '../practice/practice-test-kit';
import { createReferralTestKit, MRN_SYSTEM, referredPatient, type ReferralTestKit } from './referral-test-kit';

let kit: ReferralTestKit;
const ids: Record<string, string> = {};

beforeAll(async () => {
  kit = await createReferralTestKit();
  const person = (family: string, mrn: string, birthDate = '1958-04-12') =>
    referredPatient({ identifier: [{ system: MRN_SYSTEM, value: mrn }], name: [{ use: 'official', family, given: ['Ana'] }], birthDate });
  ids.waiting = (await kit.refer({ patient: person('Inboxone', 'IN-1') })).taskId;
  ids.accepted = (await kit.refer({ patient: person('Inboxtwo', 'IN-2') })).taskId;
  await kit.t.app.request(`/api/v1/referrals/${ids.accepted}/accept`, { method: 'POST', headers: kit.headers });
  ids.known = (await kit.refer({ patient: person('Inboxthree', 'IN-3', '1950-01-01') })).taskId;
  ids.triage = (await kit.refer({ patient: person('Inboxthree', 'IN-3', '1951-01-01') })).taskId;
});
afterAll(() => kit.close());

describe('GET /api/v1/referrals (the inbox)', () => {
  it("lists the practice's referrals, most recently changed first, with client, physician and request", async () => {
    const response = await kit.get('/referrals');
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([ids.triage, ids.known, ids.accepted, ids.waiting]);
    const waiting = response.body.items.find((item: { id: string }) => item.id === ids.waiting);
    expect(waiting).toMatchObject({
      status: 'requested',
      needsTriage: false,
      receivedVia: 'fhir',
      client: { firstName: 'Ana', lastName: 'Inboxone', birthDate: '1958-04-12' },
      referringPhysician: { name: 'Dr. Mei Chen', reference: expect.stringMatching(/^Practitioner\//) },
      requestedService: 'Supervised exercise program',
      requestedStart: '2026-12-07',
      authoredOn: '2026-11-26T15:00:00Z',
      notes: [],
    });
  });

  it('filters by status (one or several)', async () => {
    const accepted = await kit.get('/referrals?status=accepted');
    expect(accepted.body.items.map((item: { id: string }) => item.id)).toEqual([ids.accepted]);
    expect(accepted.body.items[0].acknowledgementId).toEqual(expect.any(String));
    const open = await kit.get('/referrals?status=requested,accepted');
    expect(open.body.items).toHaveLength(4);
    expect((await kit.get('/referrals?status=completed')).body.items).toEqual([]);
  });

  it('filters the referrals that need triage', async () => {
    const response = await kit.get('/referrals?needsTriage=true');
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([ids.triage]);
    expect(response.body.items[0]).toMatchObject({ needsTriage: true, businessStatus: 'needs triage' });
  });

  it('pages with nextCursor', async () => {
    const first = await kit.get('/referrals?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await kit.get(`/referrals?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([ids.waiting]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('names every invalid query parameter', async () => {
    const response = await kit.get('/referrals?status=pending&limit=0&needsTriage=yes&sort=name');
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['limit', 'needsTriage', 'sort', 'status.0']);
    expect((await kit.get('/referrals?cursor=garbage')).status).toBe(400);
  });

  it("shows nothing of another practice's referrals", async () => {
    const response = await kit.get('/referrals', kit.otherPracticeHeaders);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });
});

describe('GET /api/v1/referrals/{id}', () => {
  it('reads one referral, with the triage note the EHR also sees', async () => {
    const response = await kit.get(`/referrals/${ids.triage}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: ids.triage, version: 1, needsTriage: true });
    expect(response.body.notes[0]).toMatchObject({ author: 'MetBridge referral intake', text: expect.stringContaining('birth date differs') });
  });

  it('is 404 for an unknown referral or another practice’s', async () => {
    expect((await kit.get(`/referrals/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await kit.get(`/referrals/${ids.waiting}`, kit.otherPracticeHeaders)).status).toBe(404);
  });
});
