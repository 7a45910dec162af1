// The daily loop: nothing changed costs nothing and touches no file; one edit rebuilds one
// pack and says what changed in it; --force rebuilds all; --prune removes packs of deleted guides.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardKey } from '../../src/build/combined.js';
import { configHash } from '../../src/build/config.js';
import { build } from '../../src/build/index.js';
import { MANIFEST_NAME } from '../../src/build/manifest.js';
import { TEMPLATES_DIR } from '../../src/paths.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

const A =
  '# Alpha\n\n## "Why Postgres?"\n\nRelational data and constraints.\n\n## "How do you deploy?"\n\nBlue-green, from CI.\n';
const B = '# Beta\n\n### How does the cache expire?\n\nEvery entry has a TTL of one hour.\n';

function workspace(): { root: string; guides: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'studypack-inc-'));
  const guides = join(root, 'guides');
  mkdirSync(guides);
  writeFileSync(join(guides, 'alpha.md'), A);
  writeFileSync(join(guides, 'beta.md'), B);
  return { root, guides, out: join(root, 'out') };
}

/** Runs the compiled command's build with --json; its exit status and report. */
function buildJson(
  ws: { guides: string; out: string },
  jobs: string,
): { status: number | null; report: { threads: number } } {
  const r = spawnSync(process.execPath, [
    CLI,
    'build',
    '--guides',
    ws.guides,
    '--out',
    ws.out,
    '--jobs',
    jobs,
    '--json',
  ]);
  return { status: r.status, report: r.status === 0 ? JSON.parse(r.stdout.toString()) : { threads: 0 } };
}

/**
 * A file of out/ as two equal builds write it: the manifest's stamps hold each output's
 * modification time, which differs from one build to another; their hash and size do not.
 */
function comparable(out: string, name: string): string {
  const bytes = readFileSync(join(out, name));
  if (name !== MANIFEST_NAME) return bytes.toString('base64');
  const untimed = (stamps: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(stamps).map(([k, v]) => [k, v.split(' ').slice(0, 2).join(' ')]));
  const m = JSON.parse(bytes.toString('utf8'));
  for (const g of Object.values(m.guides) as { stamps?: Record<string, string> }[])
    g.stamps = untimed(g.stamps);
  m.combinedStamps = untimed(m.combinedStamps);
  return JSON.stringify(m, null, 1);
}

/** Every file under a folder with its modification time, to tell whether anything was touched. */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = statSync(p).mtimeMs;
    }
  };
  walk(dir);
  out[dir] = statSync(dir).mtimeMs;
  return out;
}

describe('incremental builds', () => {
  it('writes every output of every guide, the combined outputs and the manifest on the first build', async () => {
    const ws = workspace();
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(report.guides.map((g) => g.status)).toEqual(['built', 'built']);
    expect(readdirSync(join(ws.out, 'alpha')).sort()).toEqual([
      'alpha.anki.csv',
      'alpha.answers.pdf',
      'alpha.apkg',
      'alpha.cheatsheet.pdf',
      'alpha.summary.pdf',
      'pack.json',
    ]);
    expect(readdirSync(ws.out).sort()).toEqual([
      MANIFEST_NAME,
      'all.anki.csv',
      'all.apkg',
      'all.summary.pdf',
      'alpha',
      'beta',
    ]);
    expect(report.guides[0]?.changes.added).toEqual(['Why Postgres?', 'How do you deploy?']);
    expect(report.combined).toBe('built');
  });

  it("remembers each guide's summary card fit, keyed by its pack.json, for the combined summary", async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    const manifest = JSON.parse(readFileSync(join(ws.out, MANIFEST_NAME), 'utf8'));
    for (const slug of ['alpha', 'beta']) {
      const card = manifest.guides[slug].card;
      expect(card, slug).toBeDefined();
      expect(card.key).toBe(
        cardKey(manifest.guides[slug].config, readFileSync(join(ws.out, slug, 'pack.json'))),
      );
      expect(card.size).toBeGreaterThanOrEqual(6);
    }
  });

  it('skips every guide and touches no file when nothing changed', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    // out/ itself is left out: the lock of the build is made and removed in it.
    const files = () => {
      const all = { ...snapshot(ws.out), ...snapshot(ws.guides) };
      delete all[ws.out];
      return all;
    };
    const before = files();
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(report.guides.map((g) => g.status)).toEqual(['unchanged', 'unchanged']);
    expect(report.combined).toBe('unchanged');
    expect(files()).toEqual(before);
    expect(existsSync(join(ws.out, '.studypack.lock'))).toBe(false);
  });

  it('reads the identity file only when it builds something', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    const identity = join(ws.guides, 'studypack.lock.json');
    writeFileSync(identity, '{ damaged');
    // Nothing to build: the file is neither read nor touched.
    const idle = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(idle.guides.map((g) => g.status)).toEqual(['unchanged', 'unchanged']);
    expect(idle.diagnostics).toEqual([]);
    expect(readFileSync(identity, 'utf8')).toBe('{ damaged');
    // An edit builds a guide: the damage is reported, and the file replaced.
    writeFileSync(join(ws.guides, 'beta.md'), `${B}\nExpired entries are evicted lazily.\n`);
    const edited = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(edited.diagnostics.map((d) => d.ruleId)).toContain('identity-file-invalid');
    expect(JSON.parse(readFileSync(identity, 'utf8')).projects).toHaveProperty('beta');
  });

  it('keeps the identity file beside guides named on the command line when there is no guides folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'studypack-named-'));
    const elsewhere = join(root, 'notes');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'beta.md'), B);
    const options = {
      guidesDir: join(root, 'guides'),
      outDir: join(root, 'out'),
      files: [join(elsewhere, 'beta.md')],
    };
    const first = await build(options);
    expect(first.guides.map((g) => g.status)).toEqual(['built']);
    expect(existsSync(join(root, 'guides'))).toBe(false);
    expect(JSON.parse(readFileSync(join(elsewhere, 'studypack.lock.json'), 'utf8')).projects).toHaveProperty(
      'beta',
    );
    expect(existsSync(join(root, 'out', MANIFEST_NAME))).toBe(true);
    // The manifest was written, so the next build of the same file has nothing to do.
    expect((await build(options)).guides.map((g) => g.status)).toEqual(['unchanged']);
  });

  it('rebuilds only the edited guide, and the combined outputs, and says what changed', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    const betaPdf = statSync(join(ws.out, 'beta', 'beta.cheatsheet.pdf')).mtimeMs;
    const allCsv = readFileSync(join(ws.out, 'all.anki.csv'), 'utf8');
    writeFileSync(
      join(ws.guides, 'alpha.md'),
      A.replace('Blue-green, from CI.', 'Rolling deploys from CI.').concat(
        '\n## "What would you change?"\n\nAdd tracing.\n',
      ),
    );
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(report.guides.map((g) => g.status)).toEqual(['built', 'unchanged']);
    expect(report.guides[0]?.changes).toEqual({
      added: ['What would you change?'],
      changed: ['How do you deploy?'],
      reworded: [],
      removed: [],
    });
    expect(statSync(join(ws.out, 'beta', 'beta.cheatsheet.pdf')).mtimeMs).toBe(betaPdf);
    expect(report.combined).toBe('built');
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).not.toBe(allCsv);
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).toContain('Add tracing.');
  });

  it('leaves the files of an edit that changes no output alone, and says which files a real edit changed', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    const before = snapshot(ws.out);
    // A blank line changes the guide's bytes, not its pack.
    writeFileSync(join(ws.guides, 'beta.md'), `${B}\n\n`);
    const blank = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(blank.guides.map((g) => [g.status, g.rewritten])).toEqual([
      ['unchanged', []],
      ['built', []],
    ]);
    expect(blank.combined).toBe('unchanged');
    const after = snapshot(ws.out);
    delete after[join(ws.out, MANIFEST_NAME)];
    delete before[join(ws.out, MANIFEST_NAME)];
    delete after[ws.out];
    delete before[ws.out];
    expect(after).toEqual(before);
    // An answer edited: the deck, the package and the three PDFs of that pack are new.
    writeFileSync(join(ws.guides, 'beta.md'), B.replace('one hour', 'two hours'));
    const edited = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(edited.guides[1]?.rewritten.sort()).toEqual([
      'beta/beta.anki.csv',
      'beta/beta.answers.pdf',
      'beta/beta.apkg',
      'beta/beta.cheatsheet.pdf',
      'beta/beta.summary.pdf',
      'beta/pack.json',
    ]);
    expect(edited.combined).toBe('built');
  });

  it('reports a removed question and a reworded one whose id was kept', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    const before = JSON.parse(readFileSync(join(ws.out, 'alpha', 'pack.json'), 'utf8'));
    writeFileSync(
      join(ws.guides, 'alpha.md'),
      '# Alpha\n\n## "Why did you pick Postgres?"\n\nRelational data and constraints.\n',
    );
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    const after = JSON.parse(readFileSync(join(ws.out, 'alpha', 'pack.json'), 'utf8'));
    expect(report.guides[0]?.changes.removed).toEqual(['How do you deploy?']);
    expect(report.guides[0]?.changes.reworded).toEqual([
      { id: before.entries[0].id, from: 'Why Postgres?', to: 'Why did you pick Postgres?' },
    ]);
    expect(after.entries[0].id).toBe(before.entries[0].id);
    expect(report.guides[0]?.keptIds[0]).toMatch(/Why did you pick Postgres/);
  });

  it('rebuilds everything with force, and when the templates or options change', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(
      (await build({ guidesDir: ws.guides, outDir: ws.out, force: true })).guides.map((g) => g.status),
    ).toEqual(['built', 'built']);
    expect(
      (await build({ guidesDir: ws.guides, outDir: ws.out, paper: 'letter' })).guides.map((g) => g.status),
    ).toEqual(['built', 'built']);
    // A template edit changes the hash every pack's manifest record was made with.
    const templates = join(ws.root, 'templates');
    cpSync(TEMPLATES_DIR, templates, { recursive: true });
    const first = configHash({ paper: 'a4' }, templates);
    const file = readdirSync(templates).find((f) => f.endsWith('.hbs')) ?? 'taxonomy.json';
    writeFileSync(join(templates, file), `${readFileSync(join(templates, file), 'utf8')}\n`);
    expect(configHash({ paper: 'a4' }, templates)).not.toBe(first);
    const manifest = JSON.parse(readFileSync(join(ws.out, MANIFEST_NAME), 'utf8'));
    manifest.guides.beta.config = 'made-with-older-templates';
    writeFileSync(join(ws.out, MANIFEST_NAME), JSON.stringify(manifest));
    expect(
      (await build({ guidesDir: ws.guides, outDir: ws.out, paper: 'letter' })).guides.map((g) => g.status),
    ).toEqual(['unchanged', 'built']);
  });

  it('rebuilds a guide whose outputs were deleted', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    rmSync(join(ws.out, 'beta', 'beta.summary.pdf'));
    const report = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(report.guides.map((g) => g.status)).toEqual(['unchanged', 'built']);
    expect(statSync(join(ws.out, 'beta', 'beta.summary.pdf')).size).toBeGreaterThan(1000);
  });

  it('keeps the pack of a deleted guide unless asked to prune it', async () => {
    const ws = workspace();
    await build({ guidesDir: ws.guides, outDir: ws.out });
    rmSync(join(ws.guides, 'beta.md'));
    const kept = await build({ guidesDir: ws.guides, outDir: ws.out });
    expect(kept.orphans).toEqual([{ slug: 'beta', removed: false }]);
    expect(readdirSync(ws.out)).toContain('beta');
    const pruned = await build({ guidesDir: ws.guides, outDir: ws.out, prune: true });
    expect(pruned.orphans).toEqual([{ slug: 'beta', removed: true }]);
    expect(readdirSync(ws.out)).not.toContain('beta');
    expect(readFileSync(join(ws.out, 'all.anki.csv'), 'utf8')).not.toContain('TTL of one hour');
  });

  // The workers run the compiled code: without it, every placement builds in this thread.
  it.skipIf(!existsSync(CLI))('gives the same files wherever the guides are built', async () => {
    const runs = [
      { placement: { workers: 1, pdfWorker: false }, threads: 1, ws: workspace() },
      // This thread parses, one worker draws the PDFs and then the combined summary.
      { placement: { workers: 1, pdfWorker: true }, threads: 2, ws: workspace() },
      { placement: { workers: 2, pdfWorker: false }, threads: 2, ws: workspace() },
    ];
    for (const { ws } of runs) {
      for (let k = 0; k < 6; k++)
        writeFileSync(
          join(ws.guides, `extra-${k}.md`),
          B.replace('Beta', `Extra ${k}`).replace('one hour', `${k + 2} hours`),
        );
    }
    for (const { ws, placement, threads } of runs) {
      const report = await build({ guidesDir: ws.guides, outDir: ws.out, jobs: 2, placement });
      expect(report.ok).toBe(true);
      expect(report.threads, JSON.stringify(placement)).toBe(threads);
    }
    const [one, ...others] = runs.map((r) => r.ws);
    for (const f of [
      'alpha/alpha.cheatsheet.pdf',
      'alpha/alpha.summary.pdf',
      'alpha/alpha.answers.pdf',
      'alpha/pack.json',
      'beta/beta.anki.csv',
      'extra-3/extra-3.summary.pdf',
      'all.summary.pdf',
      'all.anki.csv',
      MANIFEST_NAME,
    ]) {
      for (const other of others) expect(comparable(other.out, f), f).toEqual(comparable(one?.out ?? '', f));
    }
  });

  it.skipIf(!existsSync(CLI))('builds a few small guides in one thread whatever --jobs says', () => {
    // A worker loads its code cold: for a few kilobytes of guides it costs more than it saves.
    const ws = workspace();
    for (let k = 0; k < 16; k++)
      writeFileSync(
        join(ws.guides, `extra-${k}.md`),
        B.replace('Beta', `Extra ${k}`).replace('one hour', `${k + 2} hours`),
      );
    const r = buildJson(ws, '4');
    expect([r.status, r.report.threads]).toEqual([0, 1]);
  });
});
