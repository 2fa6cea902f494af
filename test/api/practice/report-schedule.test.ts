import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SCHEDULE_EXTENSION } from '../../../src/fhir/mappers/report-schedule-extension';
import { fixedClock } from '../../../src/lib/clock';
import { createReferralTestKit, type ReferralIds, type ReferralTestKit } from '../referrals/referral-test-kit';
import { fieldNames } from './practice-test-kit';

/**
 * The progress-report schedule, configurable per practice (`/settings/report-schedule`) and per
 * referral (`/referrals/{id}/report-schedule`, stored on the Task), and what GET /reports/due
 * makes of it. Referrals are authored on 2026-11-26; today is 2026-12-10.
 */

const NOW = new Date('2026-12-10T12:00:00Z');
let kit: ReferralTestKit;
let byPractice: ReferralIds;
let byReferral: ReferralIds;

const put = async (path: string, body: unknown, headers = kit.headers) => {
  const response = await kit.t.app.request(`/api/v1${path}`, { method: 'PUT', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => undefined) };
};

beforeAll(async () => {
  kit = await createReferralTestKit(fixedClock(NOW));
  byPractice = await kit.refer();
  byReferral = await kit.refer();
  for (const { taskId } of [byPractice, byReferral]) {
    expect((await kit.post(`/referrals/${taskId}/accept`, undefined)).status).toBe(200);
    expect((await kit.post(`/referrals/${taskId}/start`, undefined)).status).toBe(200);
  }
  for (const day of ['2026-12-01', '2026-12-03']) {
    const session = await kit.post(`/clients/${byReferral.patientId}/sessions`, { date: `${day}T09:00:00Z`, durationMinutes: 45 });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
  }
}, 120_000);
afterAll(() => kit.close());

describe('the practice setting: GET|PUT /api/v1/settings/report-schedule', () => {
  it('is the default (every 30 days or 10 sessions) until set', async () => {
    const response = await kit.get('/settings/report-schedule');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ everyDays: 30, everySessions: 10, source: 'default' });
  });

  it('refuses invalid settings naming every invalid field, and changes nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{ everyDays: 0, everySessions: 2.5 }, ['everyDays', 'everySessions']],
      [{}, ['everyDays', 'everySessions']],
      [{ everyDays: 366, everySessions: 101, every: 'month' }, ['every', 'everyDays', 'everySessions']],
      [{ everyDays: '14', everySessions: 10 }, ['everyDays']],
    ];
    for (const [body, fields] of cases) {
      const refused = await put('/settings/report-schedule', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(fieldNames(refused.body)).toEqual(fields);
    }
    expect((await kit.get('/settings/report-schedule')).body.source).toBe('default');
  });

  it('is set by a trainer and read back', async () => {
    const set = await put('/settings/report-schedule', { everyDays: 14, everySessions: 10 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ everyDays: 14, everySessions: 10, source: 'practice' });
    expect((await kit.get('/settings/report-schedule')).body).toEqual(set.body);
  });

  it("another practice neither sees nor changes it: each practice has its own", async () => {
    expect((await kit.get('/settings/report-schedule', kit.otherPracticeHeaders)).body).toEqual({ everyDays: 30, everySessions: 10, source: 'default' });
    expect((await put('/settings/report-schedule', { everyDays: 7, everySessions: 3 }, kit.otherPracticeHeaders)).status).toBe(200);
    expect((await kit.get('/settings/report-schedule')).body).toEqual({ everyDays: 14, everySessions: 10, source: 'practice' });
  });

  it('a token without write scope, or the referrer’s EHR, cannot change it', async () => {
    const readOnly = { ...kit.t.authorize({ practiceId: kit.practiceId, actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: kit.practitionerId }, scopes: ['user/*.rs'] }), 'content-type': 'application/json' };
    expect((await kit.get('/settings/report-schedule', readOnly)).status).toBe(200);
    const refused = await put('/settings/report-schedule', { everyDays: 3, everySessions: 1 }, readOnly);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'insufficient_scope', message: expect.stringContaining('Organization') });
    const ehr = await put('/settings/report-schedule', { everyDays: 3, everySessions: 1 }, { ...kit.ehrHeaders, 'content-type': 'application/json' });
    expect(ehr.status).toBe(403);
    expect(ehr.body.error).toBe('forbidden');
    const anonymous = await kit.t.app.request('/api/v1/settings/report-schedule', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"everyDays":3,"everySessions":1}' });
    expect(anonymous.status).toBe(401);
    expect((await kit.get('/settings/report-schedule')).body).toEqual({ everyDays: 14, everySessions: 10, source: 'practice' });
  });
});

describe("a referral's own schedule: GET|PUT /api/v1/referrals/{id}/report-schedule", () => {
  it("follows the practice's setting until given its own", async () => {
    expect((await kit.get(`/referrals/${byReferral.taskId}/report-schedule`)).body).toEqual({ everyDays: 14, everySessions: 10, source: 'practice' });
  });

  it('is set on the referral, and the EHR sees it on the Task', async () => {
    const set = await put(`/referrals/${byReferral.taskId}/report-schedule`, { everyDays: 60, everySessions: 2 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ everyDays: 60, everySessions: 2, source: 'referral' });
    expect((await kit.get(`/referrals/${byReferral.taskId}/report-schedule`)).body).toEqual(set.body);
    expect((await kit.get(`/referrals/${byPractice.taskId}/report-schedule`)).body.source).toBe('practice');
    const task = (await kit.ehr('GET', `Task/${byReferral.taskId}`)).body;
    expect(task.status).toBe('in-progress');
    expect(task.extension).toContainEqual({
      url: REPORT_SCHEDULE_EXTENSION,
      extension: [
        { url: 'everyDays', valuePositiveInt: 60 },
        { url: 'everySessions', valuePositiveInt: 2 },
      ],
    });
  });

  it('refuses invalid settings naming every invalid field', async () => {
    const refused = await put(`/referrals/${byReferral.taskId}/report-schedule`, { everyDays: -1 });
    expect(refused.status).toBe(400);
    expect(fieldNames(refused.body)).toEqual(['everyDays', 'everySessions']);
  });

  it("is another practice's unknown referral (404), and needs Task write scope to change", async () => {
    expect((await kit.get(`/referrals/${byReferral.taskId}/report-schedule`, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await put(`/referrals/${byReferral.taskId}/report-schedule`, { everyDays: 5, everySessions: 5 }, kit.otherPracticeHeaders)).status).toBe(404);
    const readOnly = { ...kit.t.authorize({ practiceId: kit.practiceId, actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: kit.practitionerId }, scopes: ['user/*.rs'] }), 'content-type': 'application/json' };
    const refused = await put(`/referrals/${byReferral.taskId}/report-schedule`, { everyDays: 5, everySessions: 5 }, readOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('insufficient_scope');
    expect((await kit.get(`/referrals/${byReferral.taskId}/report-schedule`)).body.everyDays).toBe(60);
  });

  it('cannot be set on a referral that is closed or that the referrer cancelled (409)', async () => {
    const cancelled = await kit.refer();
    const current = (await kit.ehr('GET', `Task/${cancelled.taskId}`)).body;
    expect((await kit.ehr('PUT', `Task/${cancelled.taskId}`, { ...current, status: 'cancelled', statusReason: { text: 'Moved away' } })).status).toBe(200);
    const refused = await put(`/referrals/${cancelled.taskId}/report-schedule`, { everyDays: 5, everySessions: 5 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'referral_stopped', currentStatus: 'cancelled' });
    const declined = await kit.refer();
    await kit.post(`/referrals/${declined.taskId}/decline`, { reason: 'Full' });
    const closed = await put(`/referrals/${declined.taskId}/report-schedule`, { everyDays: 5, everySessions: 5 });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ error: 'referral_closed', currentStatus: 'rejected' });
  });
});

describe('GET /api/v1/reports/due follows the schedule in force', () => {
  it("says which rule made each report due, and whose schedule it is", async () => {
    const response = await kit.get('/reports/due');
    expect(response.status).toBe(200);
    const dueOf = (taskId: string) => response.body.items.find((item: { referralId: string }) => item.referralId === taskId);
    expect(dueOf(byPractice.taskId)).toMatchObject({
      reason: 'days',
      dueOn: '2026-12-10',
      state: 'due',
      why: '14 days since the referral started on 2026-11-26 (every 14 days; due 2026-12-10).',
      schedule: { everyDays: 14, everySessions: 10, source: 'practice' },
    });
    expect(dueOf(byReferral.taskId)).toMatchObject({
      reason: 'sessions',
      dueOn: '2026-12-03',
      state: 'due',
      why: '2 sessions since the referral started on 2026-11-26 (every 2; the 2nd was on 2026-12-03).',
      schedule: { everyDays: 60, everySessions: 2, source: 'referral' },
    });
  });

  it("another practice's schedule and referrals do not show", async () => {
    expect((await kit.get('/reports/due', kit.otherPracticeHeaders)).body.items).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('declares both routes with their bodies and the FHIR access they imply', async () => {
    const document = await (await kit.t.app.request('/api/v1/openapi.json')).json();
    const setting = document.paths['/settings/report-schedule'];
    expect(setting.put.requestBody.content['application/json'].schema).toMatchObject({
      required: ['everyDays', 'everySessions'],
      properties: { everyDays: { type: 'integer', minimum: 1, maximum: 365 }, everySessions: { type: 'integer', minimum: 1, maximum: 100 } },
    });
    expect(setting.put['x-fhir-access']).toContainEqual({ resourceType: 'Organization', interaction: 'update' });
    expect(setting.get['x-fhir-access']).toEqual([{ resourceType: 'Organization', interaction: 'read' }]);
    const referral = document.paths['/referrals/{id}/report-schedule'];
    expect(referral.put['x-fhir-access']).toContainEqual({ resourceType: 'Task', interaction: 'update' });
    expect(referral.get.responses['200']).toBeDefined();
    expect(document.paths['/reports/due'].get.responses['200'].content['application/json'].schema.properties.items.items.required).toContain('schedule');
  });
});
