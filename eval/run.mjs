// npm run eval: scores question extraction on the real-guide corpus (`../shared/corpus/`), read
// where it lies and never copied. Each guide goes through the same read → parse → extract →
// normalize code as a build; its entries are matched to the truth (truth-*.json) by line and text.
// Prints recall and precision per guide and in total, wrong backs, and `answered` flags that
// disagree; then, on the entries labelled in tests/eval/labels.json, key-term precision, entries
// with a key term, category acceptance and gist acceptance. `--floor` fails when a total or one of
// these four figures is worse than eval/floor.json; `--record` rewrites it.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  gistRuleBroken,
  labelFloor,
  labelsBelow,
  matchLabels,
  scoreLabels,
  sumLabelScores,
} from './labels.mjs';
import { matchGuide, scoreGuide, sumScores } from './score.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FLOOR = join(ROOT, 'eval', 'floor.json');
const LABELS = join(ROOT, 'tests', 'eval', 'labels.json');

const HELP = `npm run eval -- [options]

  --corpus DIR    the corpus folder: truth-*.json and the guides they name
                  (default: $STUDYPACK_CORPUS, else ../shared/corpus beside the project)
  --only TEXT     score only the guides whose file name contains TEXT
  --show          list every miss, false question and wrong back, with its line
  --json          print the scores as JSON on stdout instead of the table
  --floor         exit 1 when a total or a labelled figure is worse than eval/floor.json
  --record        write the totals and the labelled figures to eval/floor.json
`;

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    only: { type: 'string' },
    show: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    floor: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function findCorpus() {
  const candidates = [args.corpus, process.env.STUDYPACK_CORPUS, join(ROOT, '..', 'shared', 'corpus')];
  for (const dir of candidates) if (dir && existsSync(dir)) return resolve(dir);
  return null;
}

/** The pipeline's first half, bundled now from src/ so the eval scores the code as it is. */
async function loadPipeline() {
  const { build } = await import('esbuild');
  const outdir = join(ROOT, '.eval');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'pack.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/build/pack.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: {
      js: "import { createRequire as evalCreateRequire } from 'node:module'; const require = evalCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

const corpusDir = findCorpus();
if (!corpusDir) {
  const message = 'eval: no corpus found (give --corpus DIR or STUDYPACK_CORPUS); nothing scored';
  if (args.floor) {
    console.error(`${message}. The floor is not checked.`);
    process.exit(0);
  }
  console.error(message);
  process.exit(2);
}

const truth = {};
for (const name of readdirSync(corpusDir).sort()) {
  if (/^truth-.*\.json$/.test(name))
    Object.assign(truth, JSON.parse(readFileSync(join(corpusDir, name), 'utf8')));
}
const files = Object.keys(truth)
  .filter((file) => !args.only || file.includes(args.only))
  .sort();
if (files.length === 0) {
  console.error(`eval: no truth for any guide in ${corpusDir}`);
  process.exit(2);
}

const { packFromBytes } = await loadPipeline();
const started = performance.now();
const labels = existsSync(LABELS) ? JSON.parse(readFileSync(LABELS, 'utf8')).guides : {};
const rows = [];
const labelRows = [];
let gistRuleEntries = 0;
let gistRuleOk = 0;
for (const file of files) {
  const bytes = readFileSync(join(corpusDir, file));
  const slug = file
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const { pack } = packFromBytes(bytes, { file, slug });
  const entries = pack?.entries ?? [];
  const match = matchGuide(truth[file].questions, entries, bytes.toString('utf8').split(/\r?\n/));
  rows.push({ file, ...scoreGuide(match), match });
  for (const e of entries) {
    gistRuleEntries++;
    if (!gistRuleBroken(e)) gistRuleOk++;
  }
  if (labels[file]) labelRows.push({ file, ...scoreLabels(matchLabels(labels[file], entries)) });
}
const seconds = (performance.now() - started) / 1000;
const total = sumScores(rows);
const labelTotal = { ...sumLabelScores(labelRows), gistRulesAll: gistRuleOk / Math.max(1, gistRuleEntries) };

const pct = (x) => (Number.isNaN(x) ? '–' : x.toFixed(3));
if (args.json) {
  process.stdout.write(
    `${JSON.stringify(
      {
        guides: rows.map(({ match, ...row }) => row),
        total,
        labelled: labelRows.map(({ problems, ...row }) => row),
        labelTotal,
      },
      null,
      2,
    )}\n`,
  );
} else {
  const lines = [
    '| guide | truth | found | matched | recall | precision | wrong backs (empty · next Q · prompt) | answered flags off |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of [...rows, { file: '**total**', ...total }]) {
    const wb = `${r.wrongBacks} (${r.emptyBacks} · ${r.nextQuestionBacks} · ${r.promptBacks})`;
    lines.push(
      `| ${r.file} | ${r.truth} | ${r.found} | ${r.matched} | ${pct(r.recall)} | ${pct(r.precision)} | ${wb} | ${r.flagsOff} |`,
    );
  }
  console.log(lines.join('\n'));
  console.log(`\n${files.length} guides from ${corpusDir}, extracted in ${seconds.toFixed(1)} s`);
  if (labelRows.length > 0) {
    const share = (n, d) => pct(d === 0 ? Number.NaN : n / d);
    const table = [
      '\n| labelled guide | labels | matched | key-term precision | with a key term | category | gist |',
      '|---|---:|---:|---:|---:|---:|---:|',
    ];
    for (const r of labelRows) {
      table.push(
        `| ${r.file} | ${r.labels} | ${r.matched} | ${share(r.termsAccepted, r.terms)} | ${share(r.withTerms, r.matched)} | ${share(r.categoryOk, r.matched)} | ${share(r.gistOk, r.matched)} |`,
      );
    }
    const t = labelTotal;
    table.push(
      `| **total** | ${t.labels} | ${t.matched} | ${pct(t.termPrecision)} | ${pct(t.withTerms)} | ${pct(t.categories)} | ${pct(t.gists)} |`,
    );
    console.log(table.join('\n'));
    console.log(
      `\nGoal 0.9 each. Gists that keep the written rules: ${pct(t.gistRules)} of the labelled entries, ${pct(t.gistRulesAll)} of all ${gistRuleEntries} entries.`,
    );
  }
}

if (args.show) {
  for (const r of rows) {
    const { misses, extras, wrong, flags } = r.match;
    if (misses.length + extras.length + wrong.length + flags.length === 0) continue;
    console.log(`\n## ${r.file}`);
    for (const t of misses) console.log(`  missed   ${t.line}: ${t.question}`);
    for (const e of extras) console.log(`  extra    ${e.source.line}: ${e.question}  [${e.style ?? '?'}]`);
    for (const w of wrong) console.log(`  back     ${w.line}: ${w.kind}: ${w.question}`);
    for (const f of flags)
      console.log(`  answered ${f.line}: truth ${f.truth}, pack ${f.pack}: ${f.question}`);
  }
}

if (args.show) {
  for (const r of labelRows) {
    if (r.problems.length === 0) continue;
    console.log(`\n## ${r.file} (labels)`);
    for (const p of r.problems) console.log(`  ${p.kind.padEnd(8)} ${p.line}: ${p.text}`);
  }
}

if (args.record) {
  const floor = {
    recall: Number(total.recall.toFixed(4)),
    precision: Number(total.precision.toFixed(4)),
    wrongBacks: total.wrongBacks,
    flagsOff: total.flagsOff,
    ...labelFloor(labelTotal),
  };
  writeFileSync(FLOOR, `${JSON.stringify(floor, null, 2)}\n`);
  console.log(`recorded in eval/floor.json: ${JSON.stringify(floor)}`);
}

if (args.floor && !args.only) {
  const floor = JSON.parse(readFileSync(FLOOR, 'utf8'));
  const worse = [];
  if (total.recall + 1e-4 < floor.recall) worse.push(`recall ${pct(total.recall)} < ${floor.recall}`);
  if (total.precision + 1e-4 < floor.precision)
    worse.push(`precision ${pct(total.precision)} < ${floor.precision}`);
  if (total.wrongBacks > floor.wrongBacks)
    worse.push(`wrong backs ${total.wrongBacks} > ${floor.wrongBacks}`);
  if (total.flagsOff > floor.flagsOff) worse.push(`answered flags off ${total.flagsOff} > ${floor.flagsOff}`);
  worse.push(...labelsBelow(labelTotal, floor));
  if (worse.length > 0) {
    console.error(`eval: below the floor in eval/floor.json: ${worse.join('; ')}`);
    process.exit(1);
  }
  console.log('eval: at or above the floor in eval/floor.json');
}
