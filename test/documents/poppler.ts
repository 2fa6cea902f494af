import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The poppler-utils command-line tools (pdfinfo, pdffonts, pdftotext, pdftoppm), used to check
 * generated PDFs with an independent reader. When they are not installed the checks are skipped
 * with a message saying so (`apt-get install -y poppler-utils`), never passed silently.
 */

const TOOLS = ['pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm'] as const;

export const popplerMissing: string[] = TOOLS.filter((tool) => spawnSync(tool, ['-v']).error !== undefined);

if (popplerMissing.length) {
  console.warn(
    `SKIPPING PDF checks with poppler-utils: ${popplerMissing.join(', ')} not found. Install them with \`apt-get install -y poppler-utils\`.`,
  );
}

/** Runs `tool` on `pdf` written to a temporary file; returns its standard output. */
export function poppler(tool: 'pdfinfo' | 'pdffonts' | 'pdftotext', pdf: Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'metbridge-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const output = tool === 'pdftotext' ? [file, '-'] : [file];
    return execFileSync(tool, [...args, ...output], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders every page with pdftoppm and returns the image files it wrote (names only); throws on any error output. */
export function renderPages(pdf: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'metbridge-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const result = spawnSync('pdftoppm', ['-png', '-r', '50', file, join(dir, 'page')], { encoding: 'utf8' });
    if (result.status !== 0 || result.stderr.trim()) throw new Error(`pdftoppm failed: ${result.stderr.trim() || result.status}`);
    return readdirSync(dir).filter((name) => name.endsWith('.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `key: value` lines of pdfinfo as a map. */
export function pdfInfo(pdf: Uint8Array): Map<string, string> {
  const lines = poppler('pdfinfo', pdf).split('\n');
  return new Map(lines.flatMap((line) => {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    return match ? [[match[1]!.trim(), match[2]!.trim()] as const] : [];
  }));
}

/** The rows of pdffonts: name, type, encoding and the emb/sub/uni flags. */
export function pdfFonts(pdf: Uint8Array): { name: string; embedded: boolean; subset: boolean; unicode: boolean }[] {
  const rows = poppler('pdffonts', pdf).split('\n').slice(2).filter((line) => line.trim());
  return rows.map((row) => {
    const cells = row.trim().split(/\s+/);
    const [emb, sub, uni] = cells.slice(-5, -2);
    return { name: cells[0]!, embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
  });
}
