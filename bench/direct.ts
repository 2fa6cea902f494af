/**
 * The Direct security agent against `openssl cms` (issue 5): sign + encrypt, and decrypt + verify,
 * of a message carrying a 50 KB attachment — median milliseconds over the same number of runs
 * each, MetBridge and openssl in the same run, printed with their ratio.
 *
 *   npm run bench:direct [-- --runs=30 --warmup=3 --attachment-kb=50]
 *
 * Both sides use the same throw-away PKI (made by openssl), RSA-2048 keys, SHA-256 signatures,
 * AES-256-CBC content encryption and PKCS#1 v1.5 key transport. openssl runs as a Direct peer
 * would: `cms -sign` then `cms -encrypt`, and `cms -decrypt` then `cms -verify -CAfile`, each a
 * process of its own with files in between, so its figures include starting those processes.
 * A benchmark, not a test: it reports and never fails on figures.
 */
import { openMessage, sealMessage, type OutboundMessage } from '../src/integrations/direct/security-agent';
import { createDirectPki, identityOf, senderKeysOf, type DirectPki } from '../test/integrations/direct/support/direct-pki';
import { opensslMessage, opensslOpen } from '../test/integrations/direct/support/openssl-messages';
import { openssl } from '../test/integrations/direct/support/openssl';
import { readBenchOptions } from './bench-options';
import { formatTable } from './report';
import { medianOf, timedRuns } from './timed-runs';

interface BenchOptions {
  runs: number;
  warmUp: number;
  attachmentBytes: number;
}

function readOptions(): BenchOptions {
  const option = readBenchOptions({ runs: '30', warmup: '3', 'attachment-kb': '50' });
  return {
    runs: option.integer('runs', 20),
    warmUp: option.integer('warmup', 0),
    attachmentBytes: option.integer('attachment-kb') * 1024,
  };
}

/** Median wall-clock milliseconds of `runs` calls, after `warmUp` unmeasured ones. */
async function medianMilliseconds(options: BenchOptions, operation: () => unknown): Promise<number> {
  return medianOf(await timedRuns(options, operation));
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  return bytes;
}

/** The partner's progress-report message to the practice: a text part and the PDF-sized attachment. */
function reportMessage(pki: DirectPki, attachment: Uint8Array): OutboundMessage {
  return {
    from: pki.partner.address,
    to: [pki.practice.address],
    subject: 'Exercise progress report',
    messageId: `<${crypto.randomUUID()}@bench.metbridge.example>`,
    date: new Date(),
    parts: [
      { contentType: 'text/plain; charset=utf-8', body: 'Progress report attached.' },
      { contentType: 'application/pdf', filename: 'progress-report.pdf', disposition: 'attachment', body: attachment },
    ],
  };
}

/** The same content as a MIME body for `openssl cms -sign`. */
function opensslBody(attachment: Uint8Array): { contentType: string; text: string } {
  const boundary = 'bench-boundary-1';
  const base64 = Buffer.from(attachment).toString('base64').replace(/.{76}/g, '$&\r\n');
  const text = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Progress report attached.',
    `--${boundary}`,
    'Content-Type: application/pdf',
    'Content-Disposition: attachment; filename="progress-report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { contentType: `multipart/mixed; boundary="${boundary}"`, text };
}

async function main(): Promise<void> {
  const options = readOptions();
  const pki = createDirectPki();
  try {
    const attachment = randomBytes(options.attachmentBytes);
    const sender = senderKeysOf(pki.partner, pki);
    const recipient = identityOf(pki.practice);
    const message = reportMessage(pki, attachment);
    const body = opensslBody(attachment);

    const sealed = await sealMessage(message, sender, [pki.practice.certificatePem]);
    const opened = await openMessage(sealed, [recipient], [pki.anchorPem], new Date());
    const ours = opened.parts.find((part) => part.contentType === 'application/pdf');
    if (ours?.body.length !== attachment.length) throw new Error('MetBridge did not get the attachment back from its own message.');
    opensslOpen(pki, sealed, pki.practice);
    const theirs = opensslMessage(pki, { body });
    await openMessage(theirs, [recipient], [pki.anchorPem], new Date());

    console.log(`[bench] ${options.runs} measured runs of each operation after ${options.warmUp} warm-up runs…`);
    const seal = await medianMilliseconds(options, () => sealMessage(message, sender, [pki.practice.certificatePem]));
    const opensslSeal = await medianMilliseconds(options, () => opensslMessage(pki, { body }));
    const open = await medianMilliseconds(options, () => openMessage(sealed, [recipient], [pki.anchorPem], new Date()));
    const opensslOpened = await medianMilliseconds(options, () => opensslOpen(pki, sealed, pki.practice));

    const version = openssl(['version'], { cwd: pki.dir }).toString().trim();
    console.log('\nSettings');
    console.log(`  message      text part + ${(options.attachmentBytes / 1024).toFixed(0)} KB application/pdf attachment (${sealed.length} bytes sealed)`);
    console.log('  crypto       RSA-2048, SHA-256 signature with the intermediate CA included, AES-256-CBC, PKCS#1 v1.5 key transport');
    console.log(`  peer         ${version}, two processes per operation with files in between`);
    console.log(`  runs         median of ${options.runs} after ${options.warmUp} warm-up\n`);
    const rows = [
      ['sign + encrypt', seal.toFixed(2), opensslSeal.toFixed(2), `${(seal / opensslSeal).toFixed(2)}×`],
      ['decrypt + verify (chain to anchor)', open.toFixed(2), opensslOpened.toFixed(2), `${(open / opensslOpened).toFixed(2)}×`],
    ];
    for (const line of formatTable(['operation', 'MetBridge ms', 'openssl cms ms', 'ratio'], rows)) console.log(line);
    console.log('  (ratio = MetBridge median ÷ openssl median; below 1 is faster than openssl)');
  } finally {
    pki.cleanup();
  }
}

await main();
