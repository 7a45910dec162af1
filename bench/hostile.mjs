// Guides built to be slow: the shapes that once made one guide take minutes (lazy blockquote
// lines, deep `> - ` nesting, thousands of `[`, huge lists, tables and heading runs) and a guide
// whose 3,000 questions are all reworded at once. Each is built by the compiled CLI, alone, and
// timed; the table says how long it took, its peak memory and how the guide ended.
// Usage: npm run build && node bench/hostile.mjs [--only 'part of a name|another'] [--timeout 300]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

/** A small PRNG, so that every run builds the same guides. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'cache queue shard replica index ledger token cursor bucket stream batch window quota lease epoch snapshot partition checksum backoff journal schema tenant router gateway worker scheduler buffer pool socket timer hash bloom tree heap trie graph lock latch fence barrier'.split(
    ' ',
  );

/** A guide of `n` questions, each with its own answer; `reworded` asks every one another way. */
function questions(n, reworded) {
  const rng = random(7);
  const pick = () => WORDS[Math.floor(rng() * WORDS.length)];
  let text = '# Reworded\n\n## Questions\n\n';
  for (let k = 0; k < n; k++) {
    const topic = `${pick()} ${pick()} ${k}`;
    const answer = Array.from({ length: 30 }, pick).join(' ');
    text += reworded
      ? `### How is the ${topic} handled, in short?\n\n`
      : `### How does the ${topic} work?\n\n`;
    text += `${answer}.\n\n`;
  }
  return text;
}

/** `blocks` code blocks of `size` characters of prose each, one per question, in `lang`. */
function proseCode(lang, blocks, size) {
  const prose = 'the quick brown fox jumps over the lazy dog\n'.repeat(Math.ceil(size / 44)).slice(0, size);
  return `# Code\n\n${Array.from({ length: blocks }, (_, k) => `## What does ${k} print?\n\n\`\`\`${lang}\n${prose}\`\`\`\n\n`).join('')}`;
}

/** name → the guide's text (or, for a rewording, the text before and after). */
const CASES = {
  'lazy lines: `> x` then 40,000 lazy lines': () => `> x\n${'lazy line\n'.repeat(40_000)}`,
  'nested `> - ` x50 on 2,000 lines': () => `${'> - '.repeat(50)}x\n`.repeat(2_000),
  '`[` x100,000, `a`, `]` x100,000 (200 KB)': () => `${'['.repeat(100_000)}a${']'.repeat(100_000)}\n`,
  'list of 150,000 items': () => `# List\n\n${'- a\n'.repeat(150_000)}`,
  '100,000 headings': () => '# h\n'.repeat(100_000),
  'table 5,000 x 200': () =>
    `# Table\n\n|${'h|'.repeat(200)}\n|${'-|'.repeat(200)}\n${`|${'a|'.repeat(200)}\n`.repeat(5_000)}`,
  // Each shape again, just within the bounds of src/read/work-limits.ts: what a guide may cost.
  'at the bound: `> x` then 1,000 lazy lines': () => `> x\n${'lazy line\n'.repeat(1_000)}`,
  'at the bound: nested `> - ` x50 on 10 lines': () => `${'> - '.repeat(50)}x\n`.repeat(10),
  'at the bound: `[` x2,000, `a`, `]` x2,000': () => `${'['.repeat(2_000)}a${']'.repeat(2_000)}\n`,
  'at the bound: list of 5,000 items': () => `# List\n\n${'- a\n'.repeat(5_000)}`,
  'at the bound: 10,000 headings': () => '# h\n'.repeat(10_000),
  'at the bound: table 47 x 200': () =>
    `# Table\n\n|${'h|'.repeat(200)}\n|${'-|'.repeat(200)}\n${`|${'a|'.repeat(200)}\n`.repeat(47)}`,
  'at the bound: 8,000 questions (1.9 MB)': () => questions(8_000, false),
  // Shapes cheap to parse whose outputs could cost far more than their size, past their bounds…
  'one code block of 1,000,000 lines (2 MB)': () =>
    `# Code\n\n## What does it print?\n\n\`\`\`\n${'x\n'.repeat(1_000_000)}\`\`\`\n`,
  '200,000 `**x**` in one paragraph (1.2 MB)': () => `# Marks\n\n## Why?\n\n${'**x** '.repeat(200_000)}\n`,
  '680,000 paragraphs of one letter (2 MB)': () => `# Blocks\n\n## Why?\n\n${'x\n\n'.repeat(680_000)}`,
  '150,000 formulas `$x^2$` in answers (1.5 MB)': () =>
    `# Math\n\n${Array.from({ length: 3_000 }, (_, k) => `## Why ${k}?\n\n${'$x^2$ and '.repeat(50)}\n\n`).join('')}`,
  // …and within them.
  'one word of 1.9 MB': () => `# Word\n\n## What is it?\n\n${'w'.repeat(1_900_000)}\n`,
  'at the bound: 128 KB of prose in unlabelled code blocks of 4 KB': () => proseCode('', 32, 4_000),
  'at the bound: 128 KB of prose in `cs` code blocks of 4 KB': () => proseCode('cs', 32, 4_000),
  'at the bound: 1,000 `*` runs in one paragraph, 50,000 in all': () =>
    `# Marks\n\n${Array.from({ length: 25 }, (_, k) => `## Why ${k}?\n\n${`${'**x** '.repeat(500)}\n\n`.repeat(2)}`).join('')}`,
  'at the bound: 29,000 paragraphs (1.8 MB)': () =>
    `# Blocks\n\n${Array.from({ length: 1_000 }, (_, k) => `## Why ${k}?\n\n${`${'word '.repeat(12)}\n\n`.repeat(28)}`).join('')}`,
  'at the bound: 5,000 formulas `$x^2$`': () =>
    `# Math\n\n${Array.from({ length: 100 }, (_, k) => `## Why ${k}?\n\n${'$x^2$ and '.repeat(50)}\n\n`).join('')}`,
  'unlabelled code, 3 lines, 35,000 blocks (1.9 MB)': () =>
    `# Code\n\n${Array.from({ length: 3_500 }, (_, k) => `## What does ${k} print?\n\n${'```\nlet a = 1;\nlet b = a + 2;\nconsole.log(b);\n```\n\n'.repeat(10)}`).join('')}`,
  'at the bound: 2,000 image links to missing files': () =>
    `# Pictures\n\n${Array.from({ length: 40 }, (_, k) => `## What is ${k}?\n\n${'![d](img/missing.png) '.repeat(50)}\n\n`).join('')}`,
  '90,000 image links to missing files (2 MB)': () =>
    `# Pictures\n\n${Array.from({ length: 1_800 }, (_, k) => `## What is ${k}?\n\n${'![d](img/missing.png) '.repeat(50)}\n\n`).join('')}`,
  '3,000 questions, every one reworded': () => ({
    before: questions(3_000, false),
    after: questions(3_000, true),
  }),
};

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split('|') : null;
const timeoutS = Number(args.includes('--timeout') ? args[args.indexOf('--timeout') + 1] : 300);

/** One build: wall time, peak RSS (GNU time's %M) and exit status. */
function timedBuild(dir) {
  const stats = join(dir, 'time.txt');
  const started = performance.now();
  const useTime = existsSync(TIME);
  const cmd = useTime ? TIME : process.execPath;
  const argv = [
    // `timeout` kills the build itself when its time is up, not only GNU time above it.
    ...(useTime
      ? ['-f', '%M', '-o', stats, 'timeout', '-s', 'KILL', String(timeoutS), process.execPath]
      : []),
    CLI,
    'build',
    '--guides',
    'guides',
    '--out',
    'out',
    '--json',
  ];
  const r = spawnSync(cmd, argv, {
    cwd: dir,
    encoding: 'utf8',
    timeout: (timeoutS + 5) * 1000,
    maxBuffer: 1 << 30,
  });
  const wall = (performance.now() - started) / 1000;
  const rssMb = existsSync(stats)
    ? Number(readFileSync(stats, 'utf8').trim().split('\n').pop()) / 1024
    : Number.NaN;
  const killed = r.signal || (useTime && r.status === 137);
  let status = killed ? `killed after ${timeoutS} s` : `exit ${r.status}`;
  try {
    const report = JSON.parse(r.stdout);
    const g = report.guides[0];
    const error = g?.diagnostics.find((d) => d.severity === 'error');
    status = `${g?.status}${error ? `: ${error.ruleId} at line ${error.line}` : ` (${g?.entries} questions)`}`;
  } catch {
    // No report: the status says how the process ended.
  }
  return { wall, rssMb, status };
}

if (!existsSync(CLI)) {
  process.stderr.write('dist/cli.js is missing: run npm run build first\n');
  process.exit(2);
}
const rows = [];
for (const [name, make] of Object.entries(CASES)) {
  if (only && !only.some((o) => name.includes(o))) continue;
  const dir = mkdtempSync(join(tmpdir(), 'studypack-hostile-'));
  mkdirSync(join(dir, 'guides'));
  const made = make();
  const guide = join(dir, 'guides', 'guide.md');
  if (typeof made === 'string') {
    writeFileSync(guide, made);
    const run = timedBuild(dir);
    rows.push({ name, kb: made.length / 1024, ...run });
  } else {
    writeFileSync(guide, made.before);
    const full = timedBuild(dir);
    rows.push({ name: `${name}: full build`, kb: made.before.length / 1024, ...full });
    writeFileSync(guide, made.after);
    const reworded = timedBuild(dir);
    rows.push({ name: `${name}: rebuild`, kb: made.after.length / 1024, ...reworded });
    rows.push({ name: `${name}: rebuild / full build`, ratio: reworded.wall / full.wall });
  }
  rmSync(dir, { recursive: true, force: true });
  const last = rows[rows.length - 1];
  process.stderr.write(`${last.name}: ${last.wall?.toFixed(2) ?? last.ratio?.toFixed(2)}\n`);
}

console.log('| guide | size | build | peak RSS | result |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows) {
  if (r.ratio !== undefined) console.log(`| ${r.name} | | ${r.ratio.toFixed(2)} | | |`);
  else
    console.log(
      `| ${r.name} | ${r.kb.toFixed(0)} KB | ${r.wall.toFixed(2)} s | ${r.rssMb.toFixed(0)} MB | ${r.status} |`,
    );
}
