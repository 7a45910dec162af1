#!/usr/bin/env node
// The real Anki check (`npm run test:anki`): imports studypack's decks and packages into fresh
// collections with Anki's own importers (the `anki` package from PyPI, in .venv/), studies cards,
// re-imports after edits, and checks that no note was duplicated and no review history lost.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const venv = join(root, '.venv');
const python =
  process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
const keep = process.argv.includes('--keep');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}

/**
 * The renderer and identity code, compiled now one file per module into .anki-check/ (dist/ is a
 * bundle, without single modules to import); `npm run build` is run too, for the CLI.
 */
async function loadStudypack() {
  const build = run('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (build.status !== 0) {
    process.stderr.write(build.stdout + build.stderr);
    throw new Error('npm run build failed');
  }
  const modulesDir = join(root, '.anki-check');
  const modules = run(
    process.execPath,
    [join(root, 'scripts/build.mjs'), '--modules', '--outdir', modulesDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const needed = [
    'render/anki-csv.js',
    'render/html.js',
    'build/identity/collisions.js',
    'build/identity/lock.js',
    'build/identity/reconcile.js',
    'normalize/id.js',
    'schema.js',
    'render/apkg/index.js',
    'render/apkg/note-type.js',
  ];
  const missing = needed.filter((file) => !existsSync(join(modulesDir, file)));
  if (missing.length > 0) {
    process.stderr.write(modules.stdout + modules.stderr);
    throw new Error(`the module build did not produce .anki-check/${missing.join(', .anki-check/')}`);
  }
  if (modules.status !== 0) console.warn('warning: the module build reported errors; using what it emitted');
  const load = (file) => import(pathToFileURL(join(modulesDir, file)).href);
  return Object.assign({}, ...(await Promise.all(needed.map(load))));
}

/** .venv/ with Anki's Python library, made on first use. */
function ensureAnki() {
  if (existsSync(python) && run(python, ['-c', 'import anki'], { stdio: 'ignore' }).status === 0) return;
  console.log('Setting up .venv/ with the anki package from PyPI (once)…');
  const py = process.platform === 'win32' ? 'python' : 'python3';
  if (!existsSync(python) && run(py, ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0) {
    throw new Error(`${py} -m venv .venv failed: Python 3.10 or later with venv is needed`);
  }
  const pip = run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', 'anki>=25,<27'],
    {
      stdio: 'inherit',
    },
  );
  if (pip.status !== 0) throw new Error('pip install anki failed');
}

/** Packs of the real build (out/<slug>/pack.json) when present, and always the tricky fixture. */
function loadPacks(sp) {
  const packs = [];
  const outDir = join(root, 'out');
  if (existsSync(outDir)) {
    for (const slug of readdirSync(outDir).sort()) {
      const path = join(outDir, slug, 'pack.json');
      if (existsSync(path)) packs.push(sp.validatePack(JSON.parse(readFileSync(path, 'utf8'))));
    }
  }
  const fixture = join(root, 'tests', 'fixtures', 'anki-tricky', 'pack.json');
  packs.push(sp.validatePack(JSON.parse(readFileSync(fixture, 'utf8'))));
  return packs;
}

/** How a user rewords the fixture's question; other packs get a generic rewording. */
const FIXTURE_REWORDING = {
  'How do you keep secrets out of the mobile app?':
    'How do you stop API secrets from leaking into the mobile app?',
};

/**
 * A user's edits to one pack: one answer edited, one question reworded (its answer touched up too),
 * one question added. Edited entries get the fresh id the normalize stage would give them, then
 * the lock decides.
 */
function editPack(sp, pack) {
  const slug = pack.project.slug;
  const fresh = (question) => sp.entryId(slug, sp.normalizeQuestion(question));
  const answered = pack.entries.filter((e) => e.answer.split(/\s+/).length >= 8 && e.followUpOf === null);
  const reworded = answered.find((e) => FIXTURE_REWORDING[e.question]) ?? answered[1];
  const edited = answered.find((e) => e !== reworded);
  if (!edited || !reworded) return null;
  const newQuestion =
    FIXTURE_REWORDING[reworded.question] ?? `Could you explain ${reworded.question.replace(/[?.!]*$/, '')}?`;
  const addedQuestion = 'What did you learn from this project?';
  const added = {
    ...edited,
    id: fresh(addedQuestion),
    question: addedQuestion,
    answer: 'That shipping a small, honest version first teaches more than planning the perfect one.',
    followUpOf: null,
  };
  const entries = pack.entries.map((e) => {
    if (e.id === edited.id)
      return { ...e, answer: `${e.answer}\n\nEdited after the first import: one more line.` };
    if (e.id === reworded.id) {
      const answer = `${e.answer}\n\nAlso rotated the keys after the audit.`;
      return { ...e, id: fresh(newQuestion), question: newQuestion, answer };
    }
    return e;
  });
  return { entries: [...entries, added], edited, reworded, newQuestion, added };
}

/** Decks the real build already wrote to out/, to import as they are, with their entry counts. */
function builtDecks(packs) {
  const perPack = packs
    .map((pack) => ({
      path: join(root, 'out', pack.project.slug, `${pack.project.slug}.anki.csv`),
      notes: pack.entries.length,
    }))
    .filter((deck) => existsSync(deck.path));
  const combined = join(root, 'out', 'all.anki.csv');
  return { perPack, combined: existsSync(combined) ? combined : null };
}

/**
 * The real thing, end to end: the studypack CLI builds a copy of guides/, then a question is
 * reworded and another answer edited in that copy, as a user would in an editor, and it builds
 * again; the lock in the copy's guides/ must keep the reworded question's id.
 */
function realBuild(work) {
  const cli = join(root, 'dist', 'cli.js');
  const guidesSrc = join(root, 'guides');
  if (!existsSync(cli) || !existsSync(guidesSrc)) return null;
  const guides = join(work, 'e2e', 'guides');
  const out = join(work, 'e2e', 'out');
  cpSync(guidesSrc, guides, { recursive: true });
  rmSync(join(guides, 'studypack.lock.json'), { force: true });
  const build = () => {
    const result = run(process.execPath, [
      cli,
      'build',
      '--guides',
      guides,
      '--out',
      out,
      '--json',
      '-j',
      '1',
    ]);
    if (!existsSync(join(out, 'all.anki.csv')))
      throw new Error(`the studypack build failed:\n${result.stderr}`);
    return result.stdout;
  };
  const decks = () => {
    const slugs = readdirSync(out).filter((slug) => existsSync(join(out, slug, `${slug}.anki.csv`)));
    return slugs.sort().map((slug) => join(out, slug, `${slug}.anki.csv`));
  };
  const packOf = (slug) => JSON.parse(readFileSync(join(out, slug, 'pack.json'), 'utf8'));
  build();
  const v1 = decks();
  const v1Combined = join(work, 'e2e', 'all.v1.anki.csv');
  cpSync(join(out, 'all.anki.csv'), v1Combined);
  const copies = v1.map((path) => {
    const copy = join(work, 'e2e', `v1.${path.split(/[\\/]/).at(-1)}`);
    cpSync(path, copy);
    return copy;
  });

  // Edit the first guide whose questions appear verbatim in its text, as headings or bold lines.
  for (const slug of readdirSync(out).sort()) {
    if (!existsSync(join(out, slug, 'pack.json'))) continue;
    const pack = packOf(slug);
    const file = join(guides, pack.project.source.split(/[\\/]/).at(-1));
    let text = readFileSync(file, 'utf8');
    const pick = pickEdits(pack, text);
    if (!pick) continue;
    const { reworded, edited, newQuestion, line } = pick;
    text = text.replace(reworded.question, newQuestion);
    text = text.replace(line, `${line} (I would add load tests today.)`);
    writeFileSync(file, text);
    const report = build();
    const after = packOf(slug);
    const kept = after.entries.find((e) => e.question === newQuestion);
    return {
      v1: copies,
      v1Combined,
      v2: decks(),
      v2Combined: join(out, 'all.anki.csv'),
      slug,
      reworded: { guid: reworded.id, keptAs: kept?.id ?? null, newQuestion },
      edited: { guid: edited.id },
      notes: readdirSync(out)
        .filter((s) => existsSync(join(out, s, 'pack.json')))
        .reduce((n, s) => n + packOf(s).entries.length, 0),
      lockMessage: report.includes('kept id') ? (report.match(/kept id [^"]*/)?.[0] ?? '') : '',
    };
  }
  return null;
}

/**
 * A guide that tries to make Anki or a spreadsheet act on its text: `[sound:…]` and `[anki:…]` in
 * the title, a section heading, a question, an answer and its key-terms line; questions that start
 * with `=`, `+`, `-` and `@`. Built with the real CLI.
 */
const HOSTILE_GUIDE = `# [sound:title.mp3] Hostile Guide

A guide written to trip up the tools that read its decks.

## [sound:section.mp3] Security Questions

### [sound:question.mp3] Why does a bracket tag not play?

Because [sound:answer.mp3] is text, and so is [anki:tts]this[/anki:tts].

Key terms: [sound:key.mp3], Redis

### How is the source line shown?

With the project's title and the section, and nothing in it plays.

## Formula Questions

### =HYPERLINK("http://evil.example/","Click") opens what?

A link, in a spreadsheet that runs it.

### +1+2 is how much?

Three, in a spreadsheet that runs it.

### -2+3 is how much?

One.

### @SUM(1,2) gives what?

Three.
`;

/** Questions of the hostile guide that a spreadsheet would run: Anki must show them as written. */
const HOSTILE_FORMULAS = [
  '=HYPERLINK("http://evil.example/","Click") opens what?',
  '+1+2 is how much?',
  '-2+3 is how much?',
  '@SUM(1,2) gives what?',
];

/** What the hostile guide's cards must show as text, each written as the guide has it. */
const HOSTILE_SHOWN = [
  '[sound:question.mp3]',
  '[sound:answer.mp3]',
  '[sound:key.mp3]',
  '[sound:title.mp3]',
  '[sound:section.mp3]',
];

function hostileBuild(work) {
  const cli = join(root, 'dist', 'cli.js');
  const guides = join(work, 'hostile', 'guides');
  const out = join(work, 'hostile', 'out');
  mkdirSync(guides, { recursive: true });
  writeFileSync(join(guides, 'hostile.md'), HOSTILE_GUIDE);
  const result = run(process.execPath, [cli, 'build', '--guides', guides, '--out', out, '-j', '1']);
  const deck = join(out, 'hostile', 'hostile.anki.csv');
  if (!existsSync(deck)) throw new Error(`the hostile guide did not build:\n${result.stderr}`);
  return {
    decks: [deck, join(out, 'all.anki.csv')],
    package: join(out, 'hostile', 'hostile.apkg'),
    shown: HOSTILE_SHOWN,
    formulas: HOSTILE_FORMULAS,
  };
}

/** A guide whose cards hold math, highlighted code and a local image, next to its picture. */
const RICH_GUIDE = [
  '# Rich cards',
  '',
  '## How fast is merge sort?',
  '',
  'It takes $O(n \\log n)$ comparisons; the plan costs $5 and $10 a month.',
  '',
  '$$',
  'T(n) = 2T(n/2) + n',
  '$$',
  '',
  '```python',
  'def merge(a, b):',
  '    return sorted(a + b)',
  '```',
  '',
  '![Merge tree](img/merge.png)',
  '',
].join('\n');

/** The rich guide built by the CLI: its deck, its package and the media the build made. */
function richBuild(work) {
  const cli = join(root, 'dist', 'cli.js');
  const guides = join(work, 'rich', 'guides');
  const out = join(work, 'rich', 'out');
  mkdirSync(join(guides, 'img'), { recursive: true });
  writeFileSync(join(guides, 'img', 'merge.png'), PNG_PIXEL);
  writeFileSync(join(guides, 'rich.md'), RICH_GUIDE);
  const result = run(process.execPath, [cli, 'build', '--guides', guides, '--out', out, '-j', '1']);
  const deck = join(out, 'rich', 'rich.anki.csv');
  if (!existsSync(deck)) throw new Error(`the rich guide did not build:\n${result.stderr}`);
  return { deck, package: join(out, 'rich', 'rich.apkg'), media: join(out, 'rich', 'media') };
}

/**
 * The edits a user makes to a guide: a question to reword (its rewording), and a line of another
 * answer to add to. Both found verbatim, once, in the guide's text; null when it has no such pair.
 */
function pickEdits(pack, text) {
  const usable = pack.entries.filter(
    (e) => e.followUpOf === null && e.answer.split(/\s+/).length >= 20 && text.split(e.question).length === 2,
  );
  const [reworded, edited] = usable;
  if (!reworded || !edited) return null;
  const newQuestion = `So, ${reworded.question.charAt(0).toLowerCase()}${reworded.question.slice(1)}`;
  const rewordedText = text.replace(reworded.question, newQuestion);
  const line = edited.answer
    .split('\n')
    .find((l) => l.trim().length > 30 && rewordedText.split(l).length === 2);
  return line ? { reworded, edited, newQuestion, line } : null;
}

/** A guide's question line with another question in its place: the same heading or bold style. */
function lineWith(text, question, other) {
  const line = text.split('\n').find((l) => l.includes(question));
  return line === undefined ? null : line.replace(question, other);
}

/**
 * The packages end to end: the studypack CLI builds a copy of guides/, then in one guide an answer
 * is edited, a question reworded and one added, as a user would in an editor, and it builds again.
 * Both builds' packages and CSV decks are kept for the import checks.
 */
function packageBuild(work) {
  const cli = join(root, 'dist', 'cli.js');
  const guidesSrc = join(root, 'guides');
  if (!existsSync(cli) || !existsSync(guidesSrc)) return null;
  const base = join(work, 'packages');
  const guides = join(base, 'guides');
  const out = join(base, 'out');
  cpSync(guidesSrc, guides, { recursive: true });
  rmSync(join(guides, 'studypack.lock.json'), { force: true });
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  const build = () => {
    const result = run(process.execPath, [cli, 'build', '--guides', guides, '--out', out, '-j', '1'], {
      env,
    });
    if (!existsSync(join(out, 'all.apkg'))) throw new Error(`the studypack build failed:\n${result.stderr}`);
  };
  const slugs = () =>
    readdirSync(out)
      .filter((slug) => existsSync(join(out, slug, 'pack.json')))
      .sort();
  const packOf = (slug) => JSON.parse(readFileSync(join(out, slug, 'pack.json'), 'utf8'));
  /** The build's files, copied to `version`/ before the next build replaces them. */
  const keep = (version) => {
    const dir = join(base, version);
    mkdirSync(dir, { recursive: true });
    const copy = (from) => {
      const to = join(dir, from.split(/[\\/]/).at(-1));
      cpSync(from, to);
      return to;
    };
    return {
      packages: slugs().map((slug) => ({
        path: copy(join(out, slug, `${slug}.apkg`)),
        notes: packOf(slug).entries.length,
        slug,
      })),
      decks: slugs().map((slug) => copy(join(out, slug, `${slug}.anki.csv`))),
      all: copy(join(out, 'all.apkg')),
      allDeck: copy(join(out, 'all.anki.csv')),
      notes: slugs().reduce((n, slug) => n + packOf(slug).entries.length, 0),
      projects: slugs().length,
      guids: slugs().flatMap((slug) => packOf(slug).entries.map((e) => e.id)),
    };
  };
  build();
  const v1 = keep('v1');
  for (const slug of slugs()) {
    const pack = packOf(slug);
    const file = join(guides, pack.project.source.split(/[\\/]/).at(-1));
    let text = readFileSync(file, 'utf8');
    const pick = pickEdits(pack, text);
    if (!pick) continue;
    const { reworded, edited, newQuestion, line } = pick;
    const addedQuestion = 'What would you build differently if you started this project today?';
    const addedLine = lineWith(text, reworded.question, addedQuestion);
    if (!addedLine) continue;
    text = text.replace(line, `${line} (I would add load tests today.)`);
    const questionLine = text.split('\n').find((l) => l.includes(reworded.question)) ?? '';
    const added = `${addedLine}\n\nA smaller first version, with load tests from the first day and fewer services to run.\n\n`;
    text = text.replace(questionLine, `${added}${questionLine.replace(reworded.question, newQuestion)}`);
    writeFileSync(file, text);
    build();
    const after = packOf(slug);
    const v2 = keep('v2');
    return {
      v1,
      v2,
      slug,
      reworded: {
        guid: reworded.id,
        keptAs: after.entries.find((e) => e.question === newQuestion)?.id ?? null,
      },
      edited: { guid: edited.id },
      added: after.entries.find((e) => e.question === addedQuestion)?.id ?? null,
      lock: join(guides, 'studypack.lock.json'),
    };
  }
  return null;
}

/** The smallest PNG: one transparent pixel, and a second one of another colour. */
const PNG_PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PNG_OTHER = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A package of the tricky fixture whose cards use an image and math, made with the package writer
 * and given its media explicitly (the build hands it the images a guide's cards use): one image a
 * card shows, one that no card uses and must stay out.
 */
async function mediaPackage(sp, work) {
  const fixture = sp.validatePack(
    JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'anki-tricky', 'pack.json'), 'utf8')),
  );
  const image = 'sp-media-3f1c9a0d5e7b2c41.png';
  const entries = fixture.entries.map((entry, i) =>
    i === 2
      ? {
          ...entry,
          answer: `${entry.answer}\n\n![the key flow](${image})\n\nThe cost grows as \\\\(n^2\\\\) with the number of keys.`,
        }
      : entry,
  );
  const pack = { ...fixture, entries };
  const { bytes } = await sp.renderPackage(pack, {
    timeOf: () => sp.NOTE_TYPE_DATE,
    noteTypeChanged: sp.NOTE_TYPE_DATE,
    media: [
      { name: image, bytes: PNG_PIXEL },
      { name: 'sp-media-unused.png', bytes: PNG_OTHER },
    ],
    // The build names each image the guide shows (here written under its flat name already).
    images: new Map([[image, image]]),
  });
  const path = join(work, 'media', 'tricky-fixture.apkg');
  mkdirSync(join(work, 'media'), { recursive: true });
  writeFileSync(path, bytes);
  return { path, image, unused: 'sp-media-unused.png', notes: pack.entries.length, mathGuid: entries[2].id };
}

function expectations(sp, packs) {
  const render = sp.cardRenderers();
  return packs.flatMap((pack) =>
    pack.entries.map((entry) => ({
      guid: entry.id,
      front: sp.renderFront(pack, entry, render.front),
      back: sp.renderBack(pack, entry, render.back),
      tags: sp.entryTags(pack, entry),
      deck: sp.deckName(pack),
      slug: pack.project.slug,
    })),
  );
}

async function main() {
  const sp = await loadStudypack();
  ensureAnki();
  const packs = loadPacks(sp);
  const work = mkdtempSync(join(tmpdir(), 'studypack-anki-'));
  const write = (dir, name, text) => {
    mkdirSync(join(work, dir), { recursive: true });
    writeFileSync(join(work, dir, name), text);
    return join(work, dir, name);
  };

  // Build 1: ids through an empty lock, as a first build does.
  let lock = sp.emptyLock();
  const v1 = packs.map((pack) => {
    const result = sp.reconcileIds(pack.project.slug, pack.entries, lock);
    lock = result.lock;
    return { ...pack, entries: result.entries };
  });
  const collisions = sp.findIdCollisions(v1);
  if (collisions.length > 0) throw new Error(`ids used twice: ${collisions.map((c) => c.id).join(', ')}`);

  // Build 2: edits to the fixture and to the first real pack, reconciled with build 1's lock, and
  // once without it, to show what the lock prevents.
  const editedSlugs = new Set([packs[0]?.project.slug, 'tricky-fixture']);
  const edits = [];
  const v2 = [];
  const v2NoLock = [];
  for (const pack of v1) {
    const edit = editedSlugs.has(pack.project.slug) ? editPack(sp, pack) : null;
    const entries = edit ? edit.entries : pack.entries;
    const result = sp.reconcileIds(pack.project.slug, entries, lock);
    v2.push({ ...pack, entries: result.entries });
    v2NoLock.push({ ...pack, entries: sp.reconcileIds(pack.project.slug, entries, sp.emptyLock()).entries });
    if (!edit) continue;
    const pairing = result.pairings.find((p) => p.id === edit.reworded.id);
    if (!pairing) throw new Error(`the lock did not keep the id of '${edit.reworded.question}'`);
    edits.push({
      slug: pack.project.slug,
      answerEdited: edit.edited.id,
      reworded: edit.reworded.id,
      rewordedFreshId: pairing.freshId,
      newQuestion: edit.newQuestion,
      added: result.entries.at(-1)?.id,
      pairing: pairing.message,
    });
  }

  const files = { v1: [], v2: [], v2NoLock: [] };
  for (const [version, set] of [
    ['v1', v1],
    ['v2', v2],
    ['v2NoLock', v2NoLock],
  ]) {
    for (const pack of set) {
      if (version === 'v2NoLock' && !editedSlugs.has(pack.project.slug)) continue;
      files[version].push(write(version, `${pack.project.slug}.anki.csv`, sp.renderAnkiCsv(pack)));
    }
  }
  const plan = {
    collection: join(work, 'collection.anki2'),
    files,
    combined: {
      v1: write('v1', 'all.anki.csv', sp.renderCombinedAnkiCsv(v1)),
      v2: write('v2', 'all.anki.csv', sp.renderCombinedAnkiCsv(v2)),
    },
    expected: { v1: expectations(sp, v1), v2: expectations(sp, v2) },
    edits,
    built: builtDecks(packs),
    realBuild: realBuild(work),
    hostile: hostileBuild(work),
    rich: richBuild(work),
    packages: packageBuild(work),
    mediaPackage: await mediaPackage(sp, work),
    fixtureSlug: 'tricky-fixture',
    realPacks: packs.length - 1,
    noteTypeId: sp.NOTE_TYPE_ID,
  };
  const planPath = write('.', 'plan.json', JSON.stringify(plan, null, 2));
  const check = run(python, [join(root, 'scripts', 'anki', 'check.py'), planPath], { stdio: 'inherit' });
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  process.exitCode = check.status === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(`anki check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
