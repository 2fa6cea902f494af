import type { AuditEvent } from '@medplum/fhirtypes';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditBatcher, type PendingAuditEvent } from '../../../src/api/audit/audit-batcher';
import { createRepositories } from '../../../src/db/repositories';
import { resources } from '../../../src/db/schema/resources';
import { restAuditEvent } from '../../../src/fhir/audit-event';
import { systemClock } from '../../../src/lib/clock';
import { recordingLogger } from '../../../src/lib/logger';
import type { NodeDatabase } from '../../../src/node/database';
import { createTestPractice } from '../../support/practices';
import { openTestDatabase } from '../../support/test-database';

/** The batcher of read audits: bounded by time and size, never failing a request, never losing events silently. */

let database: NodeDatabase;
let practiceId: string;
const limits = { maxDelayMs: 60_000, maxEvents: 3, maxRetained: 5, retryDelayMs: 60_000 };

beforeAll(async () => {
  database = await openTestDatabase();
  practiceId = await createTestPractice(createRepositories(database.db, systemClock));
});
afterAll(() => database.close());

const event = (practice = practiceId, clientId = 'batch-client'): PendingAuditEvent => ({
  practiceId: practice,
  build: (): AuditEvent =>
    restAuditEvent({
      interaction: 'read',
      recorded: new Date(),
      outcome: '0',
      party: { clientId },
      server: { issuer: 'https://metbridge.test', fhirBase: 'https://metbridge.test/fhir' },
      what: 'Patient/5d0f0f3e-0000-4000-8000-000000000001',
    }),
});

const stored = () =>
  database.db.$count(resources, and(eq(resources.practiceId, practiceId), eq(resources.resourceType, 'AuditEvent')));

describe('AuditBatcher', () => {
  it('holds events until the batch is flushed, then writes them searchable', async () => {
    const batcher = new AuditBatcher(database.db, systemClock, recordingLogger(), limits);
    const before = await stored();
    batcher.add(event());
    batcher.add(event());
    expect(await stored()).toBe(before);

    await batcher.flush();
    expect(await stored()).toBe(before + 2);
    const page = await createRepositories(database.db, systemClock)
      .resourcesOf(practiceId)
      .search('AuditEvent', { clauses: [{ kind: 'token', param: 'altid', matches: [{ code: 'batch-client' }] }], count: 10 });
    expect(page.resources).toHaveLength(2);
  });

  it('writes a full batch without waiting for its time limit', async () => {
    const batcher = new AuditBatcher(database.db, systemClock, recordingLogger(), limits);
    const before = await stored();
    for (let i = 0; i < limits.maxEvents; i++) batcher.add(event());
    await vi.waitFor(async () => expect(await stored()).toBe(before + limits.maxEvents), { timeout: 10_000, interval: 50 });
  });

  it('a failed write is logged without content, retried once, and then reported lost', async () => {
    const logger = recordingLogger();
    const batcher = new AuditBatcher(database.db, systemClock, logger, limits);
    batcher.add(event(crypto.randomUUID(), 'client-of-no-practice'));

    await batcher.flush();
    await batcher.flush();

    const failures = logger.lines.map((line) => JSON.parse(line)).filter((line) => line.event === 'audit.flush.failed');
    expect(failures).toEqual([
      expect.objectContaining({ level: 'error', events: 1, retained: 1, lost: 0, code: expect.any(String) }),
      expect.objectContaining({ level: 'error', events: 1, retained: 0, lost: 1 }),
    ]);
    expect(logger.lines.join('\n')).not.toContain('client-of-no-practice');
  });
});
