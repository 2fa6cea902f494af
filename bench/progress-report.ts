/**
 * Progress report generation (issue 6): `POST /api/v1/clients/{id}/progress-reports` for a
 * typical client with three months of data — two diagnoses, four goals, six assessments a month,
 * 22 of 24 planned sessions — median milliseconds over ≥ 20 reports, PDF included, printed beside
 * reading the same client's whole record (`Patient/{id}/$everything`) on the same app in the same
 * run, which is the data the report is made from without the making.
 *
 *   npm run bench:report [-- --runs=25 --warmup=3]
 *
 * Runs the app in this process on the embedded database (PGlite in memory), as `npm start` does
 * without DATABASE_URL. A benchmark, not a test: it reports and never fails on figures.
 */
import { createApp } from '../src/app';
import { createAuditBatchers } from '../src/api/audit/audit-batchers';
import { staticTokenAuthenticator, type Principal } from '../src/api/auth/principal';
import { parseConfig } from '../src/config';
import { createRepositories, type Repositories } from '../src/db/repositories';
import { assessmentByKey } from '../src/domain/assessment-catalog';
import { sessionToFhir } from '../src/fhir/mappers/encounter';
import { assessmentToObservation } from '../src/fhir/mappers/observation';
import { trainerToPractitioner } from '../src/fhir/mappers/practitioner';
import { systemClock } from '../src/lib/clock';
import { newId } from '../src/lib/ids';
import { consoleLogger } from '../src/lib/logger';
import { openPglite } from '../src/node/database';
import { createTestPractice } from '../test/support/practices';
import { readBenchOptions } from './bench-options';
import { formatTable } from './report';
import { medianOf, percentileOf, timedRuns } from './timed-runs';

const DAY = 86_400_000;
const TOKEN = 'bench-report-trainer';

type App = ReturnType<typeof createApp>;

interface BenchOptions {
  runs: number;
  warmUp: number;
}

function readOptions(): BenchOptions {
  const option = readBenchOptions({ runs: '25', warmup: '3' });
  return { runs: option.integer('runs', 20), warmUp: option.integer('warmup', 0) };
}

function day(offset: number, from: Date): string {
  return new Date(from.getTime() + offset * DAY).toISOString().slice(0, 10);
}

async function call(app: App, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; bytes: number; json: any }> {
  const response = await app.request(path, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, bytes: text.length, json: text ? JSON.parse(text) : undefined };
}

/** The typical client: recorded through the practice API, assessments and sessions through the same mappers into the store. */
async function seedClient(app: App, repositories: Repositories, practiceId: string, practitionerId: string, start: Date): Promise<string> {
  const client = await call(app, 'POST', '/api/v1/clients', { firstName: 'Ana', lastName: 'Rivera', birthDate: '1958-04-12', gender: 'female' });
  const base = `/api/v1/clients/${client.json.id}`;
  await call(app, 'POST', `${base}/diagnoses`, { code: 'I63.9', display: 'Cerebral infarction, unspecified', onset: day(-30, start), verificationStatus: 'confirmed' });
  await call(app, 'POST', `${base}/diagnoses`, { code: 'I10', display: 'Essential (primary) hypertension', verificationStatus: 'confirmed' });
  for (const [measure, baseline, target] of [['6mwt', 300, 400], ['tug', 14, 10], ['30s-chair-stand', 8, 12], ['gait-speed', 0.7, 0.9]] as const) {
    await call(app, 'POST', `${base}/goals`, { term: 'short-term', measure, baseline, target, dueDate: day(100, start), startDate: day(0, start) });
  }
  const series: Record<string, number[]> = {
    '6mwt': [305, 338, 372, 402],
    tug: [13.8, 12.6, 11.9, 11.2],
    '30s-chair-stand': [8, 9, 10, 10],
    'gait-speed': [0.71, 0.76, 0.82, 0.86],
    'grip-right': [24.5, 25.1, 26.4, 27],
  };
  const performer = { reference: `Practitioner/${practitionerId}` };
  const patientId = client.json.id as string;
  const observations = [1, 29, 57, 78].flatMap((offset, index) => [
    ...Object.entries(series).map(([type, values]) =>
      assessmentToObservation(
        { type, value: values[index]!, unit: assessmentByKey(type)!.unit, performedAt: `${day(offset, start)}T10:00:00-05:00` },
        { patientId, performer },
      ),
    ),
    assessmentToObservation(
      { type: 'blood-pressure', components: { systolic: 148 - 5 * index, diastolic: 92 - 3 * index }, unit: 'mm[Hg]', performedAt: `${day(offset, start)}T09:50:00-05:00` },
      { patientId, performer },
    ),
  ]);
  const sessions = Array.from({ length: 24 }, (_, index) => index)
    .filter((index) => index !== 7 && index !== 15)
    .map((index) =>
      sessionToFhir(
        {
          date: `${day(1 + Math.floor(index / 2) * 7 + (index % 2) * 2, start)}T09:00:00-05:00`,
          durationMinutes: 45,
          exercises: [{ name: 'Treadmill walking', durationMinutes: 20 }],
          adverseEvents:
            index === 9 ? [{ description: 'Light-headedness after treadmill walking', severity: 'mild', actionTaken: 'Seated rest; resolved in 5 minutes' }] : [],
        },
        { patientId, performer, newId },
      ),
    );
  await repositories.transaction(async (tx) => {
    const store = tx.resourcesOf(practiceId);
    for (const observation of observations) await store.create(observation);
    for (const { encounter, observations: measures } of sessions) {
      await store.create(encounter, { id: encounter.id });
      for (const measure of measures) await store.create(measure, { id: measure.id });
    }
  });
  return patientId;
}

async function median(options: BenchOptions, operation: () => Promise<unknown>): Promise<{ median: number; p90: number }> {
  const times = await timedRuns(options, operation);
  return { median: medianOf(times), p90: percentileOf(times, 0.9) };
}

async function main(): Promise<void> {
  const options = readOptions();
  const database = await openPglite(undefined);
  const auditBatchers = createAuditBatchers({ clock: systemClock, logger: consoleLogger });
  try {
    const repositories = createRepositories(database.db, systemClock);
    const practiceId = await createTestPractice(repositories, 'Stride Medical Exercise');
    const trainer = await repositories
      .resourcesOf(practiceId)
      .create(trainerToPractitioner({ name: 'Dana Okafor', email: 'dana@practice.example' }));
    const principal: Principal = {
      practiceId,
      actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: trainer.resource.id },
      scopes: ['user/*.cruds'],
    };
    const app = createApp({
      config: parseConfig({}),
      clock: systemClock,
      logger: consoleLogger,
      database: { forRequest: () => database.db },
      authenticator: staticTokenAuthenticator(new Map([[TOKEN, principal]])),
      auditBatchers,
    });
    const start = new Date(Date.now() - 85 * DAY);
    const clientId = await seedClient(app, repositories, practiceId, trainer.resource.id, start);
    const request = {
      period: { start: day(0, start), end: day(84, start) },
      narrative: 'Attends consistently; walking endurance and gait speed improved steadily; sit-to-stand capacity plateaued.',
      nextSteps: 'Continue two sessions a week for four weeks, progress sit-to-stand with load, reassess all goals.',
      plannedSessions: 24,
    };
    const first = await call(app, 'POST', `/api/v1/clients/${clientId}/progress-reports`, request);
    const pdf = await app.request(first.json.pdf.replace(/^https?:\/\/[^/]+/, ''), { headers: { Authorization: `Bearer ${TOKEN}` } });
    const pdfBytes = (await pdf.arrayBuffer()).byteLength;
    const record = await call(app, 'GET', `/fhir/Patient/${clientId}/$everything?_count=500`);

    console.log(`[bench] ${options.runs} measured runs of each after ${options.warmUp} warm-up runs…`);
    const report = await median(options, () => call(app, 'POST', `/api/v1/clients/${clientId}/progress-reports`, request));
    const everything = await median(options, () => call(app, 'GET', `/fhir/Patient/${clientId}/$everything?_count=500`));

    console.log('\nSettings');
    console.log('  database     embedded PostgreSQL (PGlite) in memory, the app in this process');
    console.log(`  client       2 diagnoses, 4 goals, 6 assessments × 4 months, 22 of 24 sessions (${record.json.entry.length} resources in $everything)`);
    console.log(`  report       one page, ${(pdfBytes / 1024).toFixed(0)} KB PDF, stored as a DiagnosticReport with Provenance in one transaction`);
    console.log(`  runs         median and p90 of ${options.runs} after ${options.warmUp} warm-up\n`);
    const rows = [
      ['POST progress-report (PDF included)', report.median.toFixed(1), report.p90.toFixed(1)],
      ['GET Patient/$everything (baseline)', everything.median.toFixed(1), everything.p90.toFixed(1)],
    ];
    for (const line of formatTable(['operation', 'median ms', 'p90 ms'], rows)) console.log(line);
    console.log(`  report ÷ reading the record: ${(report.median / everything.median).toFixed(1)}×`);
  } finally {
    await auditBatchers.flush();
    await database.close();
  }
}

await main();
