#!/usr/bin/env node
/**
 * Size budget of the Workers bundle. Run after `npm run build:worker`, which writes the modules
 * wrangler would upload to dist/worker/:
 *
 *   node scripts/check-worker-size.mjs [outdir]
 *
 * Prints the raw and gzipped size of the uploaded modules and exits 1 when the gzipped total is
 * over 1 MiB: far below Cloudflare's own limit, so that a dependency that drags in megabytes
 * (a full FHIR definitions set, a Node polyfill) is noticed in review, not at deploy time.
 * Each module is gzipped on its own and the sizes summed, as wrangler reports "Total Upload".
 * @see https://developers.cloudflare.com/workers/platform/limits/#worker-size
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIPPED_BYTES = 1024 * 1024;
const DEFAULT_OUT_DIR = fileURLToPath(new URL('../dist/worker/', import.meta.url));

/** Files wrangler writes next to the bundle that are not uploaded as modules. */
const NOT_UPLOADED = [/\.map$/, /(^|\/)README\.md$/];

/** Every file under `dir`, as paths relative to it. */
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)));
}

/** Raw and gzipped bytes of each uploaded module. */
async function measureModules(dir) {
  const files = (await listFiles(dir)).filter((file) => !NOT_UPLOADED.some((pattern) => pattern.test(file)));
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(join(dir, file));
      return { file, raw: content.byteLength, gzipped: gzipSync(content).byteLength };
    }),
  );
}

function formatKiB(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function fail(message) {
  process.stderr.write(`check-worker-size: ${message}\n`);
  process.exit(1);
}

async function main() {
  const dir = process.argv[2] ?? DEFAULT_OUT_DIR;
  const modules = await measureModules(dir).catch((error) => {
    if (error?.code === 'ENOENT') fail(`${dir} does not exist: run \`npm run build:worker\` first.`);
    throw error;
  });
  if (modules.length === 0) fail(`${dir} holds no Worker modules: run \`npm run build:worker\` first.`);

  for (const { file, raw, gzipped } of modules) {
    console.log(`  ${file}: ${formatKiB(raw)} raw, ${formatKiB(gzipped)} gzipped`);
  }
  const raw = modules.reduce((sum, module) => sum + module.raw, 0);
  const gzipped = modules.reduce((sum, module) => sum + module.gzipped, 0);
  console.log(`Worker bundle: ${formatKiB(raw)} raw, ${formatKiB(gzipped)} gzipped (budget ${formatKiB(BUDGET_GZIPPED_BYTES)} gzipped)`);

  if (gzipped > BUDGET_GZIPPED_BYTES) {
    fail(
      `the gzipped Worker bundle is ${formatKiB(gzipped)}, over the budget of ${formatKiB(BUDGET_GZIPPED_BYTES)} by ` +
        `${formatKiB(gzipped - BUDGET_GZIPPED_BYTES)}. Look for a dependency that should not reach the Worker.`,
    );
  }
}

await main();
