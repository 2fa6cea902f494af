import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { directServices, type DirectServices } from '../../../../src/api/direct/direct-services';
import { parseConfig } from '../../../../src/config';
import { inboundProcessor, type InboundProcessor } from '../../../../src/integrations/direct/flows/process-inbound';
import { runDirectJobs } from '../../../../src/jobs/direct-jobs';
import { fixedClock } from '../../../../src/lib/clock';
import { recordingLogger } from '../../../../src/lib/logger';
import { adminHeaders, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../../support/test-app';
import { createDirectPki, type DirectPki, type TestParty } from '../support/direct-pki';
import { openssl } from '../support/openssl';

/**
 * A practice with a Direct identity, the test PKI's anchor trusted, and Dr. Lee as a partner —
 * all set up through the admin API — plus the processor and jobs the Node and Workers entries run,
 * on the injected clock. The practice's address is unique per kit, so test files and repeated
 * runs on one PostgreSQL database never share it.
 */

export const RELAY_URL = 'https://hisp.test/relay';

export interface FlowsKit {
  t: TestApp;
  pki: DirectPki;
  clock: ReturnType<typeof fixedClock>;
  practiceId: string;
  organizationId: string;
  direct: DirectServices;
  processor: InboundProcessor;
  logs: string[];
  /** POST /direct/inbound. */
  deliver(raw: Uint8Array, contentType?: string): Promise<{ status: number; body: any }>;
  runJobs(): ReturnType<typeof runDirectJobs>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Headers of a trainer of the practice (`user/*.cruds`) sending JSON: the practice's side of the messages routes. */
  trainerHeaders(): Record<string, string>;
  close(): Promise<void>;
}

export interface FlowsKitOptions {
  /** Environment beyond ADMIN_TOKEN; DIRECT_RELAY_URL is RELAY_URL unless set here (to '' for none). */
  env?: Record<string, string>;
  pki?: DirectPki;
  /** Partner registration overrides (e.g. no certificate, OAEP). */
  partner?: Record<string, unknown> | false;
}

export async function createFlowsKit(options: FlowsKitOptions = {}): Promise<FlowsKit> {
  const env = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, DIRECT_RELAY_URL: RELAY_URL, ...options.env };
  const basePki = options.pki ?? createDirectPki();
  const pki = { ...basePki, practice: uniquePractice(basePki) };
  // After the certificates were issued: they are valid from the second they were made.
  const clock = fixedClock(new Date(Date.now() + 1000));
  const t = await createTestApp(env, clock);
  const admin: FlowsKit['admin'] = async (method, path, body) => {
    const response = await t.app.request(path, {
      method,
      headers: adminHeaders(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };
  const practice = await admin('POST', '/admin/practices', { name: 'Move Well Medical Exercise', directAddress: pki.practice.address });
  const practiceId = practice.body.id as string;
  await expectStatus(admin('POST', '/admin/trust-anchors', { pem: pki.anchorPem }), [200, 201]);
  await expectStatus(
    admin('POST', `/admin/practices/${practiceId}/direct-identity`, {
      address: pki.practice.address,
      certificate: pki.practice.certificatePem + pki.intermediatePem,
      privateKey: pki.practice.privateKeyPem,
    }),
    [201],
  );
  if (options.partner !== false) {
    await expectStatus(
      admin('POST', `/admin/practices/${practiceId}/partners`, {
        name: 'Dr. Lee',
        npi: '1234567893',
        address: pki.partner.address,
        certificate: pki.partner.certificatePem,
        ...options.partner,
      }),
      [201],
    );
  }
  const logger = recordingLogger();
  const direct = directServices({ config: parseConfig(env), clock, logger });
  return {
    t,
    pki,
    clock,
    practiceId,
    organizationId: practice.body.organizationId,
    trainerHeaders: () => ({
      ...t.authorize({ practiceId, actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: crypto.randomUUID() }, scopes: ['user/*.cruds'] }),
      'content-type': 'application/json',
    }),
    direct,
    processor: inboundProcessor(t.db, direct.runtime, direct.intakeFor(t.db)),
    logs: logger.lines,
    async deliver(raw, contentType = 'message/rfc822') {
      const response = await t.app.request('/direct/inbound', { method: 'POST', headers: { 'content-type': contentType }, body: raw as BodyInit });
      return { status: response.status, body: await response.json().catch(() => undefined) };
    },
    runJobs: () => runDirectJobs(t.db, direct.runtime, direct.intakeFor(t.db)),
    admin,
    async close() {
      await t.close();
      if (!options.pki) basePki.cleanup();
    },
  };
}

async function expectStatus(response: Promise<{ status: number; body: any }>, statuses: number[]): Promise<void> {
  const { status, body } = await response;
  if (!statuses.includes(status)) throw new Error(`setup request failed: ${status} ${JSON.stringify(body)}`);
}

/** A practice certificate from the test PKI's intermediate CA, bound to an address of its own. */
function uniquePractice(pki: DirectPki): TestParty {
  const name = `practice-${crypto.randomUUID().slice(0, 8)}`;
  const address = `intake-${name.slice(9)}@direct.movewell.example`;
  const run = (args: string[], san = 'email:none@invalid') => openssl(args, { cwd: pki.dir, env: { SAN: san } });
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`]);
  run(['req', '-new', '-key', `${name}.key`, '-subj', '/O=MetBridge Test/CN=Move Well Intake', '-out', `${name}.csr`]);
  run(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'intermediate.pem', '-CAkey', 'intermediate.key', '-CAcreateserial', '-days', '825',
      '-sha256', '-extfile', 'ext.cnf', '-extensions', 'leaf', '-out', `${name}.pem`],
    `email:${address}`,
  );
  return {
    address,
    certificatePem: readFileSync(join(pki.dir, `${name}.pem`), 'utf8'),
    privateKeyPem: readFileSync(join(pki.dir, `${name}.key`), 'utf8'),
    certificatePath: join(pki.dir, `${name}.pem`),
    keyPath: join(pki.dir, `${name}.key`),
  };
}
