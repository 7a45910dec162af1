// npm run bench:read: the read stage (decoding, mojibake repair) on 1 MB inputs against 128 KB of
// the same, best of a few runs each: eight times the bytes must take about eight times as long
// (quadratic work would take 64). Prints one row per input and exits 1 when a ratio passes 24.
// The worst cases are one run a megabyte long and a quarter of a million runs of one character.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.bench', 'read.mjs');
const LINEAR = 24;

const { build } = await import('esbuild');
await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/read/index.ts'],
  outfile: OUT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  external: ['iconv-lite'],
  logLevel: 'warning',
});
const { readGuide } = await import(OUT);

const utf8 = (text) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The best of `runs` runs, in ms: the least disturbed by whatever else the machine does. */
function timeOf(bytes, runs) {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    readGuide(bytes, 'guides/big.md');
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function repeatTo(bytes, size) {
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += bytes.length) out.set(bytes.subarray(0, size - at), at);
  // Cut at a line end so no sequence is split.
  return out.subarray(0, out.lastIndexOf(0x0a) + 1);
}

const seed = new Uint8Array(readFileSync(join(ROOT, 'guides', 'ml-model-serving.md')));
const cases = [
  ['a seed guide with double-encoded text', (size) => repeatTo(seed, size)],
  ...['â€', 'Ã ', 'café '].map((piece) => [
    `nothing but ${JSON.stringify(piece)}`,
    (size) => utf8(`x ${piece.repeat(Math.floor(size / utf8(piece).length))}`),
  ]),
];

const rows = ['| input | 128 KB | 1 MB | ratio (linear: 8, limit 24) |', '|---|---:|---:|---:|'];
let failed = false;
for (const [label, make] of cases) {
  const small = make(128 * 1024);
  const large = make(1024 * 1024);
  timeOf(small, 1);
  const a = timeOf(small, 3);
  const b = timeOf(large, 2);
  const ratio = b / Math.max(a, 50 / LINEAR);
  if (ratio > LINEAR) failed = true;
  rows.push(
    `| ${label} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${ratio.toFixed(1)}${ratio > LINEAR ? ' **superlinear**' : ''} |`,
  );
}
process.stdout.write(`${rows.join('\n')}\n`);
process.exit(failed ? 1 : 0);
