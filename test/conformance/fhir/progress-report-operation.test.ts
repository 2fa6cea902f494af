import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/lib/clock';
import { createPracticeTestKit, type PracticeTestKit } from '../../api/practice/practice-test-kit';
import { REPORT_NOW, REPORT_PERIOD, seedReferral, seedTypicalClient, type SeededClient } from '../../api/practice/typical-client-seed';
import { popplerMissing, poppler } from '../../documents/poppler';

let kit: PracticeTestKit;
let seeded: SeededClient;

beforeAll(async () => {
  kit = await createPracticeTestKit(fixedClock(REPORT_NOW));
  seeded = await seedTypicalClient(kit);
}, 240_000);
afterAll(() => kit.close());

const FHIR_JSON = { 'content-type': 'application/fhir+json' };

function parameters(overrides: Record<string, unknown> = {}, extra: object[] = []) {
  const values: Record<string, [string, unknown]> = {
    period: ['valuePeriod', REPORT_PERIOD],
    narrative: ['valueString', 'Steady gains in endurance and gait speed; chair stands plateaued.'],
    nextSteps: ['valueString', 'Continue twice weekly; reassess on Apr 14, 2026.'],
  };
  for (const [name, value] of Object.entries(overrides)) values[name] = value as [string, unknown];
  const parameter = Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, [type, value]]) => ({ name, [type]: value }));
  return { resourceType: 'Parameters', parameter: [...parameter, ...extra] };
}

async function invoke(taskId: string, body: unknown, headers: Record<string, string> = kit.headers, method = 'POST') {
  const response = await kit.t.app.request(`/fhir/Task/${taskId}/$progress-report`, {
    method,
    headers: { authorization: headers.authorization!, ...FHIR_JSON },
    ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('Task/$progress-report', () => {
  it('is listed on Task in the CapabilityStatement, with its definition', async () => {
    const statement = await (await kit.t.app.request('/fhir/metadata')).json();
    const task = statement.rest[0].resource.find((resource: { type: string }) => resource.type === 'Task');
    expect(task.operation).toContainEqual(
      expect.objectContaining({ name: 'progress-report', definition: 'https://fhir.metbridge.org/OperationDefinition/Task-progress-report' }),
    );
  });

  it('takes Parameters and returns the stored DiagnosticReport, linked from Task.output', async () => {
    const response = await invoke(seeded.taskId, parameters());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const report = response.body;
    expect(report).toMatchObject({
      resourceType: 'DiagnosticReport',
      status: 'preliminary',
      subject: { reference: `Patient/${seeded.clientId}` },
      basedOn: [{ reference: `ServiceRequest/${seeded.serviceRequestId}` }],
      effectivePeriod: REPORT_PERIOD,
      meta: { versionId: '1' },
    });
    expect(response.headers.get('content-location')).toBe(`http://localhost:8787/fhir/DiagnosticReport/${report.id}/_history/1`);

    const byEhr = { authorization: seeded.ehrHeaders.authorization! };
    const taskBundle = await (await kit.t.app.request(`/fhir/Task?_id=${seeded.taskId}&_include=Task:output`, { headers: byEhr })).json();
    expect(taskBundle.entry.map((entry: any) => `${entry.resource.resourceType}/${entry.resource.id}`)).toEqual([
      `Task/${seeded.taskId}`,
      `DiagnosticReport/${report.id}`,
    ]);
    expect(taskBundle.entry[0].resource.status).toBe('in-progress');
    const reportBundle = await (await kit.t.app.request(`/fhir/DiagnosticReport?_id=${report.id}&_include=DiagnosticReport:result`, { headers: byEhr })).json();
    const included = reportBundle.entry.filter((entry: any) => entry.search.mode === 'include');
    expect(included).toHaveLength(report.result.length);
    expect(included.every((entry: any) => entry.resource.resourceType === 'Observation')).toBe(true);
    if (popplerMissing.length) return;
    const pdf = Uint8Array.from(atob(report.presentedForm[0].data), (char) => char.charCodeAt(0));
    expect(poppler('pdftotext', pdf)).toContain('Steady gains in endurance and gait speed');
  });

  it('completes the Task with the final report', async () => {
    const client = await kit.createClient({ firstName: 'Gus', lastName: 'Ward' });
    const { taskId } = await seedReferral(kit, client.id);
    const response = await invoke(taskId, parameters({ final: ['valueBoolean', true] }));
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('final');
    expect((await kit.fhir(`Task/${taskId}`)).status).toBe('completed');
  });

  it('names every invalid parameter in one OperationOutcome (400)', async () => {
    const response = await invoke(
      seeded.taskId,
      parameters(
        { period: ['valuePeriod', { start: '2026-03-10', end: '2026-03-01' }], narrative: undefined, final: ['valueString', 'yes'] },
        [{ name: 'colour', valueString: 'blue' }, { name: 'nextSteps', valueString: 'again' }],
      ),
    );
    expect(response.status).toBe(400);
    expect(response.body.resourceType).toBe('OperationOutcome');
    const issues = response.body.issue.map((issue: any) => [issue.code, issue.expression?.[0]]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['invalid', 'Parameters.parameter[2]'],
        ['not-supported', 'Parameters.parameter[3]'],
        ['invalid', 'Parameters.parameter[4]'],
        ['required', "Parameters.parameter.where(name = 'narrative')"],
        ['invalid', "Parameters.parameter.where(name = 'period').value.end"],
      ]),
    );
    expect(response.body.issue).toHaveLength(5);
  });

  it('refuses a body that is not Parameters, and a period ending after today (400)', async () => {
    expect((await invoke(seeded.taskId, { resourceType: 'Basic' })).status).toBe(400);
    const future = await invoke(seeded.taskId, parameters({ period: ['valuePeriod', { start: '2026-03-01', end: '2026-05-01' }] }));
    expect(future.status).toBe(400);
    expect(future.body.issue[0].expression).toEqual(["Parameters.parameter.where(name = 'period').value.end"]);
  });

  it('answers 404 for an unknown Task and for another practice’s Task', async () => {
    expect((await invoke(crypto.randomUUID(), parameters())).status).toBe(404);
    expect((await invoke(seeded.taskId, parameters(), kit.otherPracticeHeaders)).status).toBe(404);
  });

  it('answers 409 for a Task in a terminal state, and records nothing', async () => {
    const client = await kit.createClient({ firstName: 'Hal', lastName: 'Bright' });
    const { taskId, ehrHeaders } = await seedReferral(kit, client.id);
    const task = await kit.fhir(`Task/${taskId}`);
    const failed = { ...task, status: 'failed', statusReason: { text: 'Client stopped attending' } };
    const put = await kit.t.app.request(`/fhir/Task/${taskId}`, { method: 'PUT', headers: { ...kit.headers, ...FHIR_JSON }, body: JSON.stringify(failed) });
    expect(put.status).toBe(200);
    const response = await invoke(taskId, parameters());
    expect(response.status).toBe(409);
    expect(response.body.issue[0]).toMatchObject({ code: 'conflict' });
    expect(await kit.fhirSearch(`DiagnosticReport?subject=Patient/${client.id}`)).toEqual([]);
    expect(ehrHeaders.authorization).toBeDefined();
  });

  it('refuses GET, since the operation changes data (405)', async () => {
    const response = await invoke(seeded.taskId, undefined, kit.headers, 'GET');
    expect(response.status).toBe(405);
    expect(response.body.resourceType).toBe('OperationOutcome');
  });

  it('refuses a referrer: only the practice reports on its referrals (403)', async () => {
    const response = await invoke(seeded.taskId, parameters(), seeded.ehrHeaders);
    expect(response.status).toBe(403);
    expect(response.body.issue[0].code).toBe('forbidden');
  });
});
