// npm run bench: times whole `studypack build` processes on generated corpora (the seeds, one
// 200-question guide, 10/100/1,000 guides) and prints one Markdown table: full build, no-op
// rebuild, rebuild after one edit, time per guide and peak memory, then the ratios the targets
// are about. Corpus generation is deterministic (seeded) and never timed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpus, editGuide, prng, readSeeds, syntheticGuide } from './corpus.mjs';
import { formatSummary, loadProfiles, summarize } from './profile.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_CLI = join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

const HELP = `npm run bench -- [options]

  --sizes 10,100,1000  corpus sizes to measure (default 10,100,1000)
  --quick              sizes 10,100 and one run per row (a few minutes)
  --runs N             runs of the small rows (seeds, one guide, ≤ 10 guides); median kept (default 3)
  --jobs N             passed to studypack build --jobs (default: the CLI's own, one per core)
  --seed TEXT          seed of the corpus generator (default studypack-bench)
  --dir PATH           where corpora are written (default .bench/, git-ignored)
  --profile            also profile (node --cpu-prof) a full build of the seeds and of the largest
                       corpus of at most 100 guides, and print where the time goes
  --keep               keep the corpora and their out/ folders afterwards
  --against REF        also build the seeds and the 200-question guide with the code of git REF
                       (a commit, tag or branch), runs interleaved with this commit's, and print
                       the ratios of wall and CPU time: what a change costs, measured in one run
  --watch-edits N      edits of one seed guide for the watch-latency row (default 10; 0: no row)
  --jobs-check         also run the seeds, the 200-question guide and 10 guides with --jobs 1,
                       interleaved with the default, and print both
`;

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string' },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    jobs: { type: 'string' },
    seed: { type: 'string', default: 'studypack-bench' },
    dir: { type: 'string', default: join(ROOT, '.bench') },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    against: { type: 'string' },
    'watch-edits': { type: 'string', default: '10' },
    'jobs-check': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const sizes = (opts.sizes ?? (opts.quick ? '10,100' : '10,100,1000'))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const smallRuns = Number(opts.runs ?? (opts.quick ? 1 : 3));
if (sizes.length === 0 || !Number.isInteger(smallRuns) || smallRuns < 1) {
  process.stderr.write(HELP);
  process.exit(2);
}
if (!existsSync(DIST_CLI)) {
  process.stderr.write('bench: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}

const log = (line) => process.stderr.write(`${line}\n`);
const benchDir = resolve(opts.dir);
mkdirSync(benchDir, { recursive: true });

/** How peak memory is read: GNU time's %M, or getrusage from inside through bench/rss.mjs. */
const useTime = (() => {
  const probe = join(benchDir, '.time-probe');
  const r = spawnSync(TIME, ['-f', '%M %U %S', '-o', probe, process.execPath, '-e', '0']);
  const ok = r.status === 0 && existsSync(probe) && /^\d+ /.test(readFileSync(probe, 'utf8'));
  rmSync(probe, { force: true });
  return ok;
})();

/** A hash of what the build's config hash covers (dist/, templates/), to tell two versions apart. */
function codeStamp(root = ROOT) {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${relative(root, p)}\0`).update(readFileSync(p));
    }
  };
  walk(join(root, 'dist'));
  walk(join(root, 'templates'));
  return h.digest('hex').slice(0, 12);
}

/**
 * Copies the code under test (dist/, templates/, package.json; node_modules linked) into the
 * bench folder and runs that copy: the build's config hash covers dist/, so a rebuild of dist/
 * during a long run would turn a no-op rebuild into a full one and mix two versions in a table.
 */
function snapshotCode() {
  const code = join(benchDir, 'code');
  for (let attempt = 1; ; attempt++) {
    const before = codeStamp();
    rmSync(code, { recursive: true, force: true });
    mkdirSync(code, { recursive: true });
    cpSync(join(ROOT, 'dist'), join(code, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'templates'), join(code, 'templates'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(code, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(code, 'node_modules'), 'dir');
    // A copy taken while tsc was writing dist/ is half old, half new: take it again.
    if (codeStamp() === before && codeStamp(code) === before)
      return { cli: join(code, 'dist', 'cli.js'), stamp: before };
    if (attempt === 5) throw new Error('dist/ keeps changing; run the bench when no build is writing it');
    spawnSync('sleep', ['5']);
  }
}

const SUMMARY =
  /(\d+) built(?: on \d+ threads)?, (\d+) unchanged, (\d+) failed(?:; \S*all\.\* (rebuilt|unchanged))?/;

/** One whole `studypack build` process in `cwd`: wall time, peak RSS, CPU, and what it did. */
function runBuild(cwd, extraNodeArgs = [], cli = CLI, jobs = opts.jobs) {
  const stats = join(cwd, '.bench-stats');
  rmSync(stats, { force: true });
  const cliArgs = ['build', '--guides', 'guides', '--out', 'out', ...(jobs ? ['--jobs', jobs] : [])];
  const [cmd, args, env] = useTime
    ? [
        TIME,
        ['-f', '%M %U %S', '-o', stats, process.execPath, ...extraNodeArgs, cli, ...cliArgs],
        process.env,
      ]
    : [
        process.execPath,
        [...extraNodeArgs, join(ROOT, 'bench', 'rss.mjs'), cli, ...cliArgs],
        { ...process.env, BENCH_RSS_FILE: stats },
      ];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const stderr = r.stderr ?? '';
  const summary = SUMMARY.exec(stderr);
  const [rssKb = Number.NaN, user = Number.NaN, sys = Number.NaN] = existsSync(stats)
    ? readFileSync(stats, 'utf8').trim().split(/\s+/).map(Number)
    : [];
  const questions = [...stderr.matchAll(/^built .*\((\d+) questions?\)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
  return {
    wall,
    rssKb,
    cpu: user + sys,
    status: r.status,
    built: Number(summary?.[1] ?? Number.NaN),
    unchanged: Number(summary?.[2] ?? Number.NaN),
    failed: Number(summary?.[3] ?? Number.NaN),
    combined: summary?.[4] ?? 'none',
    questions,
    tail: stderr.trim().split('\n').slice(-5).join('\n'),
  };
}

/** Whether a build did what its step should: everything, nothing, or the one edited guide. */
function expected(step, run, n) {
  const want =
    step === 'full'
      ? { built: n, unchanged: 0, combined: 'rebuilt' }
      : step === 'noop'
        ? { built: 0, unchanged: n, combined: 'unchanged' }
        : { built: 1, unchanged: n - 1, combined: 'rebuilt' };
  const ok =
    run.status === 0 &&
    run.failed === 0 &&
    run.built === want.built &&
    run.unchanged === want.unchanged &&
    run.combined === want.combined;
  return ok
    ? null
    : `${step}: expected ${want.built} built, ${want.unchanged} unchanged, out/all.* ${want.combined}; got exit ${run.status}, ${run.built} built, ${run.unchanged} unchanged, ${run.failed} failed, out/all.* ${run.combined}\n${run.tail}`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Writes the guides of a row, then times full build → no-op → one edit, `runs` times. */
function measureRow({ label, key, files, editFile, runs }) {
  const dir = join(benchDir, key);
  const guides = join(dir, 'guides');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(guides, { recursive: true });
  for (const f of files) writeFileSync(join(guides, f.file), f.text);
  const original = files.find((f) => f.file === editFile)?.text ?? '';
  const n = files.length;
  const steps = { full: [], noop: [], edit: [] };
  const problems = [];
  const load = loadavg()[0] ?? 0;
  for (let round = 1; round <= runs; round++) {
    // Every round starts cold: no out/, no identity lock, the edited guide as generated.
    writeFileSync(join(guides, editFile), original);
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    rmSync(join(guides, 'studypack.lock.json'), { force: true });
    for (const step of ['full', 'noop', 'edit']) {
      if (step === 'edit') writeFileSync(join(guides, editFile), editGuide(original, round));
      const run = runBuild(dir);
      steps[step].push(run);
      const problem = expected(step, run, n);
      if (problem) problems.push(problem);
      log(
        `  ${label}: ${step.padEnd(4)} ${round}/${runs}  ${run.wall.toFixed(2)} s  ${(run.rssKb / 1024).toFixed(0)} MB${problem ? '  (unexpected, see below)' : ''}`,
      );
    }
  }
  const all = [...steps.full, ...steps.noop, ...steps.edit];
  return {
    label,
    key,
    guides: n,
    questions: steps.full[0]?.questions ?? 0,
    runs,
    load,
    full: median(steps.full.map((r) => r.wall)),
    fullCpu: median(steps.full.map((r) => r.cpu)),
    noop: median(steps.noop.map((r) => r.wall)),
    edit: median(steps.edit.map((r) => r.wall)),
    peakRssKb: Math.max(...all.map((r) => r.rssKb)),
    fullRssKb: Math.max(...steps.full.map((r) => r.rssKb)),
    problems,
    raw: steps,
  };
}

/** A full build of an already written row under --cpu-prof; returns the profile summary. */
function profileRow(key, label) {
  const dir = join(benchDir, key);
  const profDir = join(benchDir, 'profiles', key);
  rmSync(profDir, { recursive: true, force: true });
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  rmSync(join(dir, 'guides', 'studypack.lock.json'), { force: true });
  const run = runBuild(dir, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  log(`  ${label}: profiled full build ${run.wall.toFixed(2)} s → ${relative(ROOT, profDir)}/`);
  return formatSummary(summarize(loadProfiles([profDir])), 15);
}

/** The code of git `ref` (a commit, tag or branch), built into the bench folder: its CLI. */
function codeAt(ref) {
  const dir = join(benchDir, 'against');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', ref], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`unpacking ${ref} failed: ${untar.stderr}`);
  // This checkout's packages: a dependency added since REF is there, one removed is not needed.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building ${ref} failed:\n${built.stderr}`);
  return join(dir, 'dist', 'cli.js');
}

/**
 * Full builds of one row with each variant (code and --jobs), the variants taking turns round by
 * round so that a change in the machine's load hits them alike; medians of wall and CPU time.
 */
function pairedRow(spec, variants, runs) {
  const dir = join(benchDir, `${spec.key}-paired`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'guides'), { recursive: true });
  for (const f of spec.files) writeFileSync(join(dir, 'guides', f.file), f.text);
  const results = variants.map(() => []);
  const problems = [];
  for (let round = 1; round <= runs; round++) {
    variants.forEach((v, i) => {
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      rmSync(join(dir, 'guides', 'studypack.lock.json'), { force: true });
      const run = runBuild(dir, [], v.cli, v.jobs);
      const problem = expected('full', run, spec.files.length);
      if (problem) problems.push(`${v.name}: ${problem}`);
      results[i].push(run);
      log(
        `  ${spec.label}, ${v.name}: full ${round}/${runs}  ${run.wall.toFixed(2)} s  CPU ${run.cpu.toFixed(2)} s`,
      );
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    label: spec.label,
    problems,
    variants: variants.map((v, i) => ({
      name: v.name,
      wall: median(results[i].map((r) => r.wall)),
      cpu: median(results[i].map((r) => r.cpu)),
    })),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `test()` holds, polling every `every` ms; false after `limit` ms. */
async function until(test, limit, every = 2) {
  const end = Date.now() + limit;
  while (Date.now() < end) {
    if (test()) return true;
    await sleep(every);
  }
  return test();
}

/** The identity of a file as a rename replaces it: inode, size and modification time. */
function fileStamp(path) {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return 'missing';
  }
}

/** The guide with its first question heading reworded: the cheat sheet must change. */
function rewordQuestion(text, round) {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^#{2,4} .*\?\s*$/.test(l));
  if (at === -1) return `${text}\n## Added question ${round}?\n\nAnswer ${round}.\n`;
  lines[at] = (lines[at] ?? '').replace(/\?\s*$/, ` (take ${round})?`);
  return lines.join('\n');
}

/**
 * `studypack build --watch` on the seeds: `edits` rewordings of one guide, each timed from the
 * write to its cheat sheet being replaced. Median and max, in ms.
 */
async function watchLatency(spec, edits) {
  const dir = join(benchDir, 'watch');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'guides'), { recursive: true });
  for (const f of spec.files) writeFileSync(join(dir, 'guides', f.file), f.text);
  const guide = join(dir, 'guides', spec.editFile);
  const original = readFileSync(guide, 'utf8');
  const slug = spec.editFile.replace(/\.md$/, '');
  const sheet = join(dir, 'out', slug, `${slug}.cheatsheet.pdf`);
  const child = spawn(process.execPath, [CLI, 'build', '--watch', '--guides', 'guides', '--out', 'out'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const latencies = [];
  let problem = null;
  try {
    if (!(await until(() => stderr.includes('watching for changes'), 120_000, 20)))
      throw new Error(`the watch never started:\n${stderr.slice(-500)}`);
    for (let round = 1; round <= edits; round++) {
      await sleep(400);
      const before = fileStamp(sheet);
      const t0 = performance.now();
      writeFileSync(guide, rewordQuestion(original, round));
      if (!(await until(() => fileStamp(sheet) !== before, 30_000)))
        throw new Error(`edit ${round}: the cheat sheet was not replaced within 30 s`);
      latencies.push(performance.now() - t0);
      log(`  watch: edit ${round}/${edits}  ${latencies.at(-1)?.toFixed(0)} ms`);
    }
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  } finally {
    child.kill('SIGINT');
    await until(() => child.exitCode !== null || child.signalCode !== null, 10_000, 20);
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    edits: latencies.length,
    median: latencies.length ? median(latencies) : Number.NaN,
    max: latencies.length ? Math.max(...latencies) : Number.NaN,
    problem,
  };
}

// ---------------------------------------------------------------------------------------------

const seeds = readSeeds(join(ROOT, 'guides'));
const { cli: CLI, stamp } = snapshotCode();
const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
const commit = git(['rev-parse', '--short', 'HEAD']);
const dirty = git(['status', '--porcelain', '--', 'src', 'templates']) !== '';
const startLoad = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
const started = Date.now();
log(
  `bench: ${relative(process.cwd(), benchDir) || '.'}/, sizes ${sizes.join(', ')}, ${smallRuns} run(s) of the small rows, peak RSS via ${useTime ? TIME : 'bench/rss.mjs'}`,
);

const rows = [];
const rowSpecs = [
  {
    label: `seed guides (${seeds.length})`,
    key: 'seeds',
    files: seeds.map((s) => ({ file: `${s.name}.md`, text: s.text })),
    editFile: `${seeds.find((s) => s.name === 'podscribe')?.name ?? seeds[0]?.name}.md`,
    runs: smallRuns,
  },
  (() => {
    const one = syntheticGuide(prng(`${opts.seed}:single`), 0);
    return {
      label: 'one 200-question guide',
      key: 'single',
      files: [one],
      editFile: one.file,
      runs: smallRuns,
    };
  })(),
  ...sizes.map((size) => {
    const files = corpus(seeds, size, opts.seed);
    // Guide 3 is a variant of the largest seed and the same file in every corpus size.
    const editFile = (files[Math.min(3, files.length - 1)] ?? files[0]).file;
    return {
      label: `${size} guides`,
      key: `corpus-${size}`,
      files,
      editFile,
      runs: size <= 10 ? smallRuns : 1,
    };
  }),
];

for (const spec of rowSpecs) {
  const prev = rows.at(-1);
  if (prev?.key.startsWith('corpus-') && spec.files.length > prev.guides * 5) {
    const estimate = ((prev.full / prev.guides) * spec.files.length) / 60;
    log(
      `next: ${spec.label}; at ${(prev.full / prev.guides).toFixed(2)} s per guide, ~${estimate.toFixed(1)} min per full build`,
    );
  }
  rows.push(measureRow(spec));
}

const against = opts.against ? { ref: opts.against, cli: codeAt(opts.against) } : null;
const paired = [];
if (against) {
  for (const spec of rowSpecs.slice(0, 2))
    paired.push(
      pairedRow(
        spec,
        [
          { name: `this commit (${commit})`, cli: CLI, jobs: opts.jobs },
          { name: against.ref, cli: against.cli, jobs: opts.jobs },
        ],
        Math.max(3, smallRuns),
      ),
    );
}
const jobsRows = [];
if (opts['jobs-check']) {
  const ten = rowSpecs.find((r) => r.key === 'corpus-10') ?? {
    label: '10 guides',
    key: 'corpus-10',
    files: corpus(seeds, 10, opts.seed),
  };
  for (const spec of [...rowSpecs.slice(0, 2), ten])
    jobsRows.push(
      pairedRow(
        spec,
        [
          { name: 'default --jobs', cli: CLI, jobs: undefined },
          { name: '--jobs 1', cli: CLI, jobs: '1' },
        ],
        Math.max(3, smallRuns),
      ),
    );
}
/**
 * The Typst anchor: the 200-question guide's text typeset by Typst as a PDF of full answers
 * (bench/typst-anchor.mjs), the whole process timed like a build, median of the small rows' runs.
 * Null when the compiler is not installed (it is a dev dependency with a native binary).
 */
function typstAnchor(spec, runs) {
  const guide = spec?.files[0];
  if (!guide) return null;
  try {
    createRequire(import.meta.url).resolve('@myriaddreamin/typst-ts-node-compiler');
  } catch {
    return null;
  }
  const dir = join(benchDir, 'typst');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'guide.md'), guide.text);
  const walls = [];
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bench', 'typst-anchor.mjs'), 'guide.md', 'guide.pdf'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) return { problem: (r.stderr ?? '').trim().split('\n').slice(-3).join(' ') };
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { wall: median(walls) };
}
const anchor = typstAnchor(rowSpecs[1], Math.max(3, smallRuns));

const watchEdits = Number(opts['watch-edits']);
const watch = watchEdits > 0 ? await watchLatency(rowSpecs[0], watchEdits) : null;

const profiles = [];
if (opts.profile) {
  profiles.push(['seed guides', profileRow('seeds', 'seed guides')]);
  const largest = Math.max(...sizes.filter((s) => s <= 100));
  if (Number.isFinite(largest))
    profiles.push([`${largest} guides`, profileRow(`corpus-${largest}`, `${largest} guides`)]);
}

const rebuilt = codeStamp() !== stamp;
if (!opts.keep) {
  for (const spec of rowSpecs) rmSync(join(benchDir, spec.key), { recursive: true, force: true });
  rmSync(join(benchDir, 'code'), { recursive: true, force: true });
  rmSync(join(benchDir, 'against'), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// The report

const secs = (s) => (s >= 100 ? `${s.toFixed(0)} s` : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`);
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const ratio = (x) => x.toFixed(2);
const mark = (ok) => (ok ? 'meets' : '**misses**');

const lines = [
  '| corpus | guides | questions | full build | no-op rebuild | after one edit | per guide (full) | peak RSS | full build CPU |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.guides} | ${r.questions.toLocaleString('en-US')} | ${secs(r.full)} | ${secs(r.noop)} | ${secs(r.edit)} | ${(1000 * (r.full / r.guides)).toFixed(0)} ms | ${mb(r.peakRssKb)} | ${secs(r.fullCpu)} |`,
  ),
  '',
];

const corpora = rows.filter((r) => r.label.endsWith(' guides'));
const seedRow = rows[0];
const ratioLines = [
  ...rows.map(
    (r) =>
      `- ${r.label}: no-op / full = ${ratio(r.noop / r.full)} (target < 0.25: ${mark(r.noop / r.full < 0.25)}); one edit / full = ${ratio(r.edit / r.full)}`,
  ),
];
if (seedRow)
  ratioLines.unshift(
    `- seed guides, full build: ${secs(seedRow.full)} (target < 0.8 s: ${mark(seedRow.full < 0.8)}), CPU ${secs(seedRow.fullCpu)} (target < 1.2 s: ${mark(seedRow.fullCpu < 1.2)})`,
    // To the millisecond: the target sits where two decimals round.
    `- seed guides, no-op build: ${(1000 * seedRow.noop).toFixed(0)} ms (target ≤ 100 ms: ${mark(seedRow.noop <= 0.1)})`,
  );
const single = rows.find((r) => r.key === 'single');
if (single && anchor)
  ratioLines.push(
    anchor.problem
      ? `- Typst anchor: failed: ${anchor.problem}`
      : `- one 200-question guide, all outputs / Typst, a PDF of its full answers = ${secs(single.full)} / ${secs(anchor.wall)} = ${ratio(single.full / anchor.wall)} (target ≤ 2: ${mark(single.full / anchor.wall <= 2)})`,
  );
if (corpora.length >= 2) {
  const small = corpora[0];
  const large = corpora[corpora.length - 1];
  const perGuide = large.full / large.guides / (small.full / small.guides);
  const rss = large.peakRssKb / small.peakRssKb;
  ratioLines.push(
    `- per guide at ${large.guides} / per guide at ${small.guides} = ${ratio(perGuide)} (target ≤ 1: ${mark(perGuide <= 1)})`,
    `- peak RSS at ${large.guides} / peak RSS at ${small.guides} = ${ratio(rss)} (target flat, ≤ 1.25: ${mark(rss <= 1.25)})`,
  );
}

const host = `${cpus()[0]?.model.trim() ?? 'cpu'} × ${availableParallelism()}`;
const notes = [
  `Measured ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC on ${host}, Node ${process.version}, \`--jobs ${opts.jobs ?? availableParallelism()}\`; load average ${startLoad} at the start, ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end; the bench took ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  `Code: commit ${commit}${dirty ? ' with uncommitted changes to src/ or templates/' : ''}, dist/ as built from it (${stamp}), copied to ${relative(ROOT, join(benchDir, 'code'))}/ and run from there.`,
  `Times are the wall time of the whole \`node dist/cli.js build\` process; the small rows are the median of ${smallRuns} run(s), the 100- and 1,000-guide rows one run. Peak RSS is the largest maximum resident set size (${useTime ? '`/usr/bin/time -f %M`' : 'getrusage through bench/rss.mjs'}) of the row's builds; the render workers are threads of the same process, so it counts them too. Full build CPU is user + system time of the full build, all threads.`,
];

if (watch)
  ratioLines.push(
    watch.problem
      ? `- watch, edit → cheat sheet replaced: failed after ${watch.edits} edits: ${watch.problem}`
      : `- watch, edit → cheat sheet replaced (seeds, ${watch.edits} edits of one guide): median ${watch.median.toFixed(0)} ms, max ${watch.max.toFixed(0)} ms (target median ≤ 150 ms: ${mark(watch.median <= 150)})`,
  );
const pairedLines = (title, results, ratioName) => {
  if (results.length === 0) return [];
  const [a, b] = results[0].variants;
  const rows = results.map((r) => {
    const [x, y] = r.variants;
    return `| ${r.label} | ${secs(x.wall)} | ${secs(y.wall)} | ${ratio(x.wall / y.wall)} | ${secs(x.cpu)} | ${secs(y.cpu)} | ${ratio(x.cpu / y.cpu)} |`;
  });
  const problems = results.flatMap((r) => r.problems.map((p) => `${r.label}: ${p}`));
  return [
    `### ${title}`,
    '',
    `| full build | ${a.name} | ${b.name} | ${ratioName} | CPU, ${a.name} | CPU, ${b.name} | CPU ratio |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Medians of ${Math.max(3, smallRuns)} runs each, taking turns.`,
    ...(problems.length ? ['', '```', ...problems, '```'] : []),
    '',
  ];
};

const out = [
  ...lines,
  'Ratios measured in this run:',
  '',
  ...ratioLines,
  '',
  ...pairedLines(`This commit against ${opts.against}`, paired, 'ratio'),
  ...pairedLines('Default --jobs against --jobs 1', jobsRows, 'default / 1'),
  ...notes,
  '',
];
if (rebuilt)
  out.push(
    `dist/ was rebuilt during the run; every row measured the copy taken at the start (${stamp}).`,
    '',
  );
const problems = rows.flatMap((r) => r.problems.map((p) => `${r.label}: ${p}`));
if (problems.length)
  out.push('**Builds that did not do what their step expects:**', '', '```', ...problems, '```', '');
for (const [label, summary] of profiles)
  out.push(`### Where the time goes: full build of the ${label}`, '', summary, '');

process.stdout.write(out.join('\n'));
writeFileSync(
  join(benchDir, 'results.json'),
  `${JSON.stringify({ sizes, smallRuns, jobs: opts.jobs ?? null, seed: opts.seed, rows, paired, jobsRows, watch, anchor }, null, 2)}\n`,
);
writeFileSync(join(benchDir, 'results.md'), out.join('\n'));
log(
  `bench: done in ${((Date.now() - started) / 60000).toFixed(1)} min; results in ${relative(process.cwd(), benchDir) || '.'}/results.{md,json}`,
);
