#!/usr/bin/env node
// Kill trials: a corpus of guides is edited and built again and again through the command line,
// and each build is killed with SIGKILL at a random moment. After every kill, every file under
// out/ and the identity file must be whole, and every output must be byte for byte what some
// complete build of the same edits made (the old version or the new one); every few trials a
// build is let run, and it must succeed and leave out/ exactly as the complete builds did.
//
//   FAULT_TRIALS=200 FAULT_GUIDES=60 node scripts/fault-trials.mjs [--keep] [--json]
//
// `npm test` runs three trials on a small corpus (tests/hardening/faults.test.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = ['bytescribe', 'flowmingo', 'ml-model-serving', 'podscribe', 'stash'];
/** The name a write gives its temp file before renaming it into place (src/build/atomic.ts). */
const TEMP = /^\..+\.\d+(?:@[A-Za-z0-9-]+)?\.[0-9a-f]{8}\.tmp$/;
const LOCK_FILE = 'studypack.lock.json';

/** A small seeded random generator (mulberry32), so a trial run can be repeated. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sha(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** sql.js, once prepareComparable() loaded it: packages are compared by what they hold. */
let SQL = null;

/** Loads what comparable() needs to read Anki packages. */
export async function prepareComparable() {
  if (SQL) return;
  const init = (await import('sql.js')).default;
  SQL = await init();
}

/**
 * What an Anki package holds, without the notes' modification times: those count the times a
 * note changed in the identity file's history (a build killed before it wrote the file makes one
 * change of two edits), so two complete builds of the same guides may date a note differently.
 * Notes, cards, decks and media are compared whole.
 */
function packageContent(bytes) {
  const files = unzipSync(new Uint8Array(bytes));
  const db = new SQL.Database(files['collection.anki2']);
  try {
    const rows = (sql) => db.exec(sql)[0]?.values ?? [];
    return JSON.stringify({
      notes: rows('select guid, flds, tags, mid from notes order by guid'),
      cards: rows(
        'select n.guid, c.ord, c.did from cards c join notes n on n.id = c.nid order by n.guid, c.ord',
      ),
      media: Buffer.from(files.media ?? []).toString('utf8'),
      files: Object.keys(files)
        .filter((k) => /^\d+$/.test(k))
        .sort()
        .map((k) => sha(files[k])),
    });
  } finally {
    db.close();
  }
}

/**
 * A file of out/ as two equal builds write it. The manifest's stamps hold each output's
 * modification time, which no two builds share; their hashes and sizes are compared, except a
 * package's, whose note times may differ (see packageContent). A package is compared by content.
 */
export function comparable(rel, bytes) {
  if (rel.endsWith('.apkg') && SQL) return packageContent(bytes);
  if (rel !== '.manifest.json') return bytes;
  const untimed = (stamps = {}) =>
    Object.fromEntries(
      Object.entries(stamps).map(([k, v]) => [
        k,
        k.endsWith('.apkg') ? 'package' : v.split(' ').slice(0, 2).join(' '),
      ]),
    );
  const m = JSON.parse(bytes.toString('utf8'));
  for (const g of Object.values(m.guides ?? {})) g.stamps = untimed(g.stamps);
  m.combinedStamps = untimed(m.combinedStamps);
  return JSON.stringify(m);
}

/** Files under `dir`, relative, sorted; folders are walked, links are listed as files. */
export function listFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  const walk = (at) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (lstatSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

/** The Anki CSV's header lines and its rows, as csv-parse reads them. */
export function readAnkiCsv(text) {
  const lines = text.split('\n');
  let k = 0;
  while (k < lines.length && lines[k].startsWith('#')) k++;
  const rows = parseCsv(lines.slice(k).join('\n'), { relax_column_count: true });
  return { headers: lines.slice(0, k), rows };
}

/**
 * Why the file at `path` is not whole, by its kind: a PDF must start with %PDF- and end with
 * startxref and %%EOF pointing at its xref table; JSON must parse (and a pack validate, when
 * `validatePack` is given); an Anki CSV must parse, have its headers and rows of one width.
 */
export function wholeFileProblems(path, validatePack) {
  const data = readFileSync(path);
  const name = path.split(/[\\/]/).pop() ?? path;
  const problems = [];
  if (name.endsWith('.pdf')) {
    if (data.subarray(0, 5).toString('latin1') !== '%PDF-') problems.push('does not start with %PDF-');
    const tail = data.subarray(Math.max(0, data.length - 64)).toString('latin1');
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) problems.push('does not end with startxref and %%EOF');
    else if (data.subarray(Number(m[1]), Number(m[1]) + 4).toString('latin1') !== 'xref') {
      problems.push('its startxref does not point at the xref table');
    }
  } else if (name.endsWith('.json')) {
    try {
      const value = JSON.parse(data.toString('utf8'));
      if (name === 'pack.json' && validatePack) validatePack(value);
    } catch (err) {
      problems.push(`is not valid: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`);
    }
  } else if (name.endsWith('.csv')) {
    const text = data.toString('utf8');
    if (!text.endsWith('\n')) problems.push('does not end with a newline');
    try {
      const { headers, rows } = readAnkiCsv(text);
      if (!headers.some((h) => h.startsWith('#columns:'))) problems.push('has no #columns: header');
      const width = rows[0]?.length;
      if (rows.some((r) => r.length !== width)) problems.push('has rows of different widths');
    } catch (err) {
      problems.push(`does not parse as CSV: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

/** Every file under `dir` that is not whole, as `path problem`; temp files are left to the caller. */
export function damagedFiles(dir, validatePack) {
  const bad = [];
  for (const rel of listFiles(dir)) {
    if (TEMP.test(rel.split(/[\\/]/).pop() ?? '')) continue;
    for (const p of wholeFileProblems(join(dir, rel), validatePack)) bad.push(`${rel} ${p}`);
  }
  return bad;
}

/**
 * A copy of the compiled program (dist/, templates/, package.json; node_modules linked), so that
 * rebuilding dist/ while the trials run changes nothing under them.
 */
export function snapshotProgram(into) {
  mkdirSync(into, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(into, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'templates'), join(into, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(into, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
  return join(into, 'dist', 'cli.js');
}

/** `n` guides made from the seed guides, each with its own title and a line that edits change. */
function makeCorpus(n, size) {
  const guides = new Map();
  for (let i = 0; i < n; i++) {
    const seed = SEEDS[i % SEEDS.length];
    let text = readFileSync(join(ROOT, 'guides', `${seed}.md`), 'utf8');
    if (size === 'small') {
      // The first few questions only: the same shapes, a tenth of the work.
      const cut = text
        .split(/\n(?=## )/)
        .slice(0, 5)
        .join('\n');
      text = cut.length > 200 ? cut : text;
    }
    text = text.replace(/^# .*$/m, `# Corpus ${i + 1} ${seed}`);
    const name = `g${String(i + 1).padStart(3, '0')}-${seed}.md`;
    guides.set(
      name,
      `${text.trimEnd()}\n\n## "What changed in this revision?"\n\nRevision 0 of this guide.\n`,
    );
  }
  return guides;
}

function run(cli, args, cwd) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d.toString();
  });
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, done };
}

/**
 * Runs `trials` kill trials; returns counts and every problem found. Options: trials, guides
 * (corpus size), size ('full' | 'small'), seed, jobs, completeEvery, cli, keep, log.
 */
export async function runKillTrials(options = {}) {
  const {
    trials = 3,
    guides: count = 60,
    size = 'full',
    seed = 1,
    jobs = 0,
    completeEvery = 5,
    keep = false,
    log = () => {},
  } = options;
  await prepareComparable();
  const rand = random(seed);
  const base = mkdtempSync(join(tmpdir(), 'studypack-kill-'));
  const cli = options.cli ?? snapshotProgram(join(base, 'program'));
  const model = await import(pathToFileURL(join(cli, '..', 'model.js')).href).catch(() => null);
  const validatePack = model?.validatePack;
  const args = [
    'build',
    '--guides',
    'guides',
    '--out',
    'out',
    '--quiet',
    ...(jobs > 0 ? ['--jobs', String(jobs)] : []),
  ];
  const runDir = join(base, 'run');
  const refDir = join(base, 'ref');
  const corpus = makeCorpus(count, size);
  for (const dir of [runDir, refDir]) {
    mkdirSync(join(dir, 'guides'), { recursive: true });
    for (const [name, text] of corpus) writeFileSync(join(dir, 'guides', name), text);
  }

  const result = {
    trials: 0,
    killed: 0,
    finishedBeforeKill: 0,
    completeBuilds: 0,
    failedBuilds: [],
    filesChecked: 0,
    damaged: [],
    unknownVersions: [],
    mixedPacks: [],
    leftoverTemps: [],
    tempsAfterKill: 0,
    identityProblems: [],
    differences: [],
    elapsedMs: 0,
    workspace: base,
  };
  const started = Date.now();
  /** Every version each output has had in a complete build: path → hash → generations. */
  const versions = new Map();
  let generation = 0;
  const record = () => {
    generation++;
    for (const rel of listFiles(join(refDir, 'out'))) {
      const hash = sha(comparable(rel, readFileSync(join(refDir, 'out', rel))));
      const byHash = versions.get(rel) ?? new Map();
      byHash.set(hash, [...(byHash.get(hash) ?? []), generation]);
      versions.set(rel, byHash);
    }
  };
  const buildRef = async () => {
    const t = Date.now();
    const r = await run(cli, args, refDir).done;
    if (r.code !== 0) result.failedBuilds.push(`reference build: exit ${r.code} ${r.stderr.slice(0, 500)}`);
    record();
    return Date.now() - t;
  };

  /** Checks run/ after a build ended, however it ended. */
  const check = (trial, complete) => {
    const out = join(runDir, 'out');
    const files = listFiles(out);
    const packs = new Map();
    for (const rel of files) {
      const name = rel.split(/[\\/]/).pop() ?? rel;
      // The lock a killed build left: taken over by the next build, no output.
      if (rel === '.studypack.lock') continue;
      if (TEMP.test(name)) {
        // A killed build's temp files are swept by the next one; after a finished build none may stay.
        if (complete) result.leftoverTemps.push(`trial ${trial}: out/${rel} after a finished build`);
        else result.tempsAfterKill++;
        continue;
      }
      result.filesChecked++;
      for (const p of wholeFileProblems(join(out, rel), validatePack))
        result.damaged.push(`trial ${trial}: out/${rel} ${p}`);
      const gens = versions.get(rel)?.get(sha(comparable(rel, readFileSync(join(out, rel)))));
      if (!gens)
        result.unknownVersions.push(`trial ${trial}: out/${rel} is no version a complete build made`);
      const parts = rel.split(/[\\/]/);
      if (parts.length === 2 && gens) packs.set(parts[0], [...(packs.get(parts[0]) ?? []), { rel, gens }]);
    }
    for (const [slug, members] of packs) {
      const common = members.reduce(
        (acc, m) => acc.filter((g) => m.gens.includes(g)),
        members[0]?.gens ?? [],
      );
      if (common.length === 0) {
        const detail = members.map((m) => `${m.rel}@${m.gens.join('/')}`).join(', ');
        result.mixedPacks.push(`trial ${trial}: out/${slug}/ holds files of different builds (${detail})`);
      }
    }
    const lockPath = join(runDir, 'guides', LOCK_FILE);
    if (existsSync(lockPath)) {
      result.filesChecked++;
      for (const p of wholeFileProblems(lockPath))
        result.damaged.push(`trial ${trial}: guides/${LOCK_FILE} ${p}`);
    }
    // The identity file's temp files are swept by the next build too; none may outlive a finished one.
    for (const name of readdirSync(join(runDir, 'guides'))) {
      if (!TEMP.test(name)) continue;
      if (complete) result.leftoverTemps.push(`trial ${trial}: guides/${name} after a finished build`);
      else result.tempsAfterKill++;
    }
    if (complete) {
      const want = listFiles(join(refDir, 'out'));
      const have = files.filter((f) => !TEMP.test(f.split(/[\\/]/).pop() ?? ''));
      if (want.join('\n') !== have.join('\n'))
        result.differences.push(`trial ${trial}: out/ holds other files`);
      for (const rel of want) {
        const a = join(refDir, 'out', rel);
        const b = join(runDir, 'out', rel);
        if (
          !existsSync(b) ||
          sha(comparable(rel, readFileSync(a))) !== sha(comparable(rel, readFileSync(b)))
        ) {
          result.differences.push(`trial ${trial}: out/${rel} differs from the complete build`);
        }
      }
    }
  };

  let refMs = await buildRef();
  // The first complete build, made once: run/ starts as a copy of it.
  cpSync(join(refDir, 'out'), join(runDir, 'out'), { recursive: true });
  cpSync(join(refDir, 'guides', LOCK_FILE), join(runDir, 'guides', LOCK_FILE));
  log(`corpus of ${count} guides built in ${refMs} ms; ${trials} trials follow`);

  const names = [...corpus.keys()];
  for (let trial = 1; trial <= trials; trial++) {
    // Edit a random handful of guides, the same way in both folders.
    const edits = 1 + Math.floor(rand() * Math.min(names.length, 12));
    for (let k = 0; k < edits; k++) {
      const name = names[Math.floor(rand() * names.length)];
      for (const dir of [runDir, refDir]) {
        const path = join(dir, 'guides', name);
        const text = readFileSync(path, 'utf8').replace(
          /Revision \d+ of this guide\./,
          `Revision ${trial} of this guide.`,
        );
        writeFileSync(path, text);
      }
    }
    const complete = trial % completeEvery === 0 || trial === trials;
    // The reference build runs beside the one that is killed: another out/, so another lock.
    const ref = buildRef();
    const { child, done } = run(cli, args, runDir);
    let killedAt = null;
    if (!complete) {
      // Anywhere from start-up to a little after the time the last complete build took.
      const delay = Math.floor(rand() * (refMs * 1.3 + 300));
      const timer = setTimeout(() => {
        killedAt = delay;
        child.kill('SIGKILL');
      }, delay);
      done.then(() => clearTimeout(timer));
    }
    const [r, ms] = await Promise.all([done, ref]);
    refMs = ms;
    result.trials++;
    if (r.signal === 'SIGKILL') result.killed++;
    else {
      if (complete) result.completeBuilds++;
      else result.finishedBeforeKill++;
      if (r.code !== 0) result.failedBuilds.push(`trial ${trial}: exit ${r.code} ${r.stderr.slice(0, 500)}`);
    }
    check(trial, r.signal !== 'SIGKILL');
    log(
      `trial ${trial}/${trials}: ${edits} edited, ${r.signal === 'SIGKILL' ? `killed at ${killedAt} ms` : `exit ${r.code}`}; ` +
        `${result.damaged.length} damaged, ${result.unknownVersions.length} unknown, ${result.mixedPacks.length} mixed so far`,
    );
  }
  result.elapsedMs = Date.now() - started;
  if (!keep) rmSync(base, { recursive: true, force: true });
  return result;
}

const isMain = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (isMain) {
  const env = process.env;
  const json = process.argv.includes('--json');
  const result = await runKillTrials({
    trials: Number(env.FAULT_TRIALS ?? 20),
    guides: Number(env.FAULT_GUIDES ?? 60),
    size: env.FAULT_SIZE === 'small' ? 'small' : 'full',
    seed: Number(env.FAULT_SEED ?? Date.now() % 100000),
    jobs: Number(env.FAULT_JOBS ?? 0),
    completeEvery: Number(env.FAULT_COMPLETE_EVERY ?? 5),
    keep: process.argv.includes('--keep'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const lines = [
      `trials ${result.trials}: ${result.killed} killed mid-build, ${result.finishedBeforeKill} finished before the kill, ${result.completeBuilds} let run`,
      `files checked ${result.filesChecked}; damaged ${result.damaged.length}; not a version of a complete build ${result.unknownVersions.length}`,
      `packs mixing two builds ${result.mixedPacks.length}; temp files left ${result.leftoverTemps.length}; failed builds ${result.failedBuilds.length}; complete builds differing ${result.differences.length}`,
      ...[
        ...result.damaged,
        ...result.unknownVersions,
        ...result.mixedPacks,
        ...result.leftoverTemps,
        ...result.failedBuilds,
        ...result.differences,
      ].slice(0, 60),
      `${Math.round(result.elapsedMs / 1000)} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const bad =
    result.damaged.length +
    result.unknownVersions.length +
    result.failedBuilds.length +
    result.differences.length;
  process.exitCode = bad > 0 ? 1 : 0;
}
