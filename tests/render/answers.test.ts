import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMath } from '../../src/layout/math.js';
import type { DrawItem, PageLayout } from '../../src/layout/types.js';
import type { Pack } from '../../src/model.js';
import { layoutAnswers, renderAnswers } from '../../src/render/answers.js';
import { printOrder } from '../../src/render/cheatsheet.js';
import { PALETTE } from '../../src/render/highlight.js';
import { packOf, SEEDS, seedPack } from '../helpers.js';
import { escapes, pdffonts, pdfPages, pdftotext, squash } from './pdf-factory.js';

const FIXTURE = new URL('../fixtures/pdf-answers-rich/', import.meta.url).pathname;
const FILE = 'tests/fixtures/pdf-answers-rich/input.md';

function richPack(): Pack {
  return packOf(readFileSync(join(FIXTURE, 'input.md'), 'utf8'), FILE);
}

/** The text runs of the layout in reading order: page by page, frame by frame, top to bottom. */
function readingOrder(pages: PageLayout[]): string {
  const out: string[] = [];
  for (const page of pages) {
    const runs = page.items.filter((i): i is Extract<DrawItem, { kind: 'text' }> => i.kind === 'text');
    const frames = [...new Set(runs.map((r) => r.frame))].filter((f) => f >= 0).sort((a, b) => a - b);
    for (const f of frames) {
      const inFrame = runs.filter((r) => r.frame === f).sort((a, b) => a.y - b.y || a.run.x - b.run.x);
      out.push(inFrame.map((r) => r.run.text).join(''));
    }
  }
  return out.join('');
}

function questionsInOrder(pack: Pack, text: string): string[] {
  const flat = squash(text);
  const wrong: string[] = [];
  let at = -1;
  for (const group of printOrder(pack.entries)) {
    for (const { entry } of group.items) {
      const found = flat.indexOf(squash(entry.question), at + 1);
      if (found <= at) wrong.push(entry.question);
      else at = found;
    }
  }
  return wrong;
}

/** Every drawn thing (text, formulas, pictures, rules) that reaches past the page's edges. */
function offPage(pages: PageLayout[]): string[] {
  const bad: string[] = [];
  pages.forEach((page, p) => {
    for (const item of page.items) {
      let box: [number, number, number, number] | null = null;
      if (item.kind === 'image' || item.kind === 'rect') box = [item.x, item.y, item.w, item.h];
      else if (item.kind === 'vector') box = [item.x, item.y - 20, 1, 20];
      else if (item.kind === 'line')
        box = [
          Math.min(item.x1, item.x2),
          Math.min(item.y1, item.y2),
          Math.abs(item.x2 - item.x1),
          Math.abs(item.y2 - item.y1),
        ];
      if (box && (box[0] < 0 || box[1] < 0 || box[0] + box[2] > page.width || box[1] + box[3] > page.height))
        bad.push(`page ${p + 1}: ${item.kind} at ${box.map((v) => v.toFixed(1)).join(',')}`);
    }
  });
  return [...bad, ...escapes(pages)];
}

function tempPdf(pdf: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'studypack-answers-')), 'answers.pdf');
  writeFileSync(file, pdf);
  return file;
}

describe('the answers PDF of a guide with code, tables, math and pictures', () => {
  let pack: Pack;
  let pdf: Uint8Array;
  let pages: PageLayout[];
  let diagnostics: Pack['diagnostics'];

  beforeAll(async () => {
    pack = richPack();
    const made = await renderAnswers(pack, { paper: 'a4', baseDir: FIXTURE });
    pdf = made.pdf;
    diagnostics = made.diagnostics;
    pages = layoutAnswers(pack, { paper: 'a4', baseDir: FIXTURE }).pages;
  });

  it('prints every question in print order, each with its answer after it', () => {
    const text = readingOrder(pages);
    expect(questionsInOrder(pack, text)).toEqual([]);
    const flat = squash(text);
    expect(flat.indexOf('Everytransferistworows')).toBeGreaterThan(flat.indexOf('Howisatransferwritten?'));
    expect(squash(pdftotext(pdf))).toContain(squash('How did you find the rounding bug?'));
  });

  it('draws nothing off the page or out of its column', () => {
    expect(offPage(pages)).toEqual([]);
  });

  it('embeds every font it uses, as subsets', () => {
    const fonts = pdffonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded || !f.subset)).toEqual([]);
  });

  it('holds the PNG and the JPEG as images, never larger than their own size, and draws the SVG', () => {
    const list = execFileSync('pdfimages', ['-list', tempPdf(pdf)], { encoding: 'utf8' });
    const rows = list
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    const sizes = rows.map((r) => r.trim().split(/\s+/).slice(3, 5).join('x'));
    expect(sizes).toContain('240x120');
    expect(sizes).toContain('149x211');
    const images = pages.flatMap((p) => p.items).filter((i) => i.kind === 'image');
    expect(images.map((i) => (i.kind === 'image' ? i.image.format : '')).sort()).toEqual([
      'jpeg',
      'png',
      'svg',
    ]);
    for (const i of images)
      if (i.kind === 'image') expect(i.w).toBeLessThanOrEqual(i.image.width * 0.75 + 0.01);
    const text = pdftotext(pdf);
    expect(text).toContain('Throughput chart');
    expect(text).toContain('Request path from the app through the API to Postgres');
  });

  it('typesets formulas as drawn paths instead of printing their TeX', () => {
    const text = pdftotext(pdf);
    expect(text).not.toContain('\\sum');
    expect(text).not.toContain('\\log');
    expect(text).not.toMatch(/\$O\(/);
    const formulas = pages.flatMap((p) => p.items).filter((i) => i.kind === 'vector');
    // Σa_i=0, O(1), O(n log n), n, T(n) = …, 0.1 + 0.2
    expect(formulas.length).toBeGreaterThanOrEqual(6);
    expect(Buffer.from(pdf).includes(Buffer.from('/Subtype /Image'))).toBe(true);
  });

  it('keeps prices as text and prints a formula that does not parse as code, with a warning at its line', () => {
    const text = pdftotext(pdf);
    expect(text).toContain('About $5 and $10 per account');
    expect(text).toContain('\\frac{a}{b');
    const bad = diagnostics.filter((d) => d.ruleId === 'math-invalid');
    expect(bad).toHaveLength(1);
    expect(bad[0]?.message).toContain('\\frac{a}{b');
    const entry = pack.entries.find((e) => e.question.startsWith('What did the incident cost'));
    expect(bad[0]).toMatchObject({ file: FILE, line: entry?.source.line });
  });

  it('warns of a missing, a remote and an unsupported image, and prints their alt text in place', () => {
    const rules = diagnostics
      .filter((d) => d.ruleId.startsWith('image-'))
      .map((d) => `${d.ruleId} ${d.file}`);
    expect(rules.sort()).toEqual([
      `image-missing ${FILE}`,
      `image-remote ${FILE}`,
      `image-unsupported ${FILE}`,
    ]);
    const text = pdftotext(pdf);
    for (const alt of ['[Old diagram]', '[Missing diagram]', '[Remote badge]']) expect(text).toContain(alt);
  });

  it('colours code in the fence language and leaves unlabelled one-liners plain', () => {
    const runs = pages.flatMap((p) => p.items).filter((i) => i.kind === 'text');
    const def = runs.find((i) => i.kind === 'text' && i.run.text.trim() === 'def');
    expect(def?.kind === 'text' && def.run.color).toBe(PALETTE.keyword.color);
    const psql = runs.find((i) => i.kind === 'text' && i.run.text.startsWith('psql'));
    expect(psql?.kind === 'text' && psql.run.color).toBe('#1a1a1a');
  });

  it('wraps a long code line with a continuation mark, inside the column', () => {
    const runs = pages.flatMap((p) => p.items).filter((i) => i.kind === 'text');
    const first = runs.find((i) => i.kind === 'text' && i.run.text.startsWith('psql'));
    const last = runs.find((i) => i.kind === 'text' && i.run.text.includes('account_id"'));
    expect(first && last && last.kind === 'text' && first.kind === 'text' && last.y > first.y).toBe(true);
    // The hook is drawn as lines just left of each continued line.
    const hooks = pages
      .flatMap((p) => p.items)
      .filter(
        (i) =>
          i.kind === 'line' && i.color === '#9aa1aa' && last?.kind === 'text' && Math.abs(i.y2 - last.y) < 8,
      );
    expect(hooks.length).toBeGreaterThan(0);
  });

  it('gives a table too wide for a column the page width, and keeps a small one in its column', () => {
    const page = pages[0] as PageLayout;
    const content = page.width - 84;
    const frameOf = (needle: string) => {
      const item = pages
        .flatMap((p) => p.items)
        .find((i) => i.kind === 'text' && i.run.text.includes(needle));
      return item?.kind === 'text' ? page.frames[item.frame] : undefined;
    };
    expect(frameOf('Retention')?.w).toBeCloseTo(content, 1);
    expect(frameOf('p99')?.w).toBeLessThan(content / 2);
    expect(squash(pdftotext(pdf))).toContain('forever,forthe');
  });

  it('lists the categories with their pages in a contents box', () => {
    const text = readingOrder(pages);
    expect(text).toContain('Contents');
    expect(squash(text)).toMatch(/Architecture&systemdesign·2\d/);
  });

  it('sets US Letter when asked', async () => {
    const letter = layoutAnswers(pack, { paper: 'letter', baseDir: FIXTURE });
    expect(letter.pages[0]?.width).toBe(612);
    expect(offPage(letter.pages)).toEqual([]);
  });
});

describe('a drawing in a code block', () => {
  it('is set smaller rather than wrapped, and never split between columns', () => {
    const drawing = [
      'Client → API Gateway (FastAPI) → Business Logic Layer → Worker Pool',
      '                         ┌──────────────┼──────────────┐',
      '                         ↓              ↓              ↓',
      '                   PostgreSQL         Redis      File Storage',
    ].join('\n');
    const md = `# T\n\n## How is it built?\n\nLike this:\n\n\`\`\`\n${drawing}\n\`\`\`\n`;
    const { pages } = layoutAnswers(packOf(md, 'guides/t.md'));
    const items = pages.flatMap((p) => p.items);
    const runs = items.filter((i) => i.kind === 'text' && i.run.face === 'mono');
    const sizes = new Set(runs.map((r) => (r.kind === 'text' ? r.run.size : 0)));
    expect(sizes.size).toBe(1);
    expect([...sizes][0]).toBeLessThan(8.4);
    expect([...sizes][0]).toBeGreaterThanOrEqual(6);
    // Four source lines, four baselines: no line wrapped.
    expect(new Set(runs.map((r) => (r.kind === 'text' ? r.y : 0))).size).toBe(4);
    expect(new Set(runs.map((r) => (r.kind === 'text' ? r.frame : 0))).size).toBe(1);
    expect(offPage(pages)).toEqual([]);
  });
});

describe('an SVG picture', () => {
  it('draws the images it holds itself, never a file or a host it links to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studypack-svg-'));
    const png = join(FIXTURE, 'img', 'pipeline.png');
    const inline = `data:image/png;base64,${readFileSync(png).toString('base64')}`;
    const svg = (href: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><image href="${href}" width="120" height="60"/></svg>`;
    writeFileSync(join(dir, 'linked.svg'), svg(png));
    writeFileSync(join(dir, 'remote.svg'), svg('https://example.com/x.png'));
    writeFileSync(join(dir, 'inline.svg'), svg(inline));
    const images = async (name: string) => {
      const md = `# T\n\n## What does it show?\n\nThe pipeline, as drawn:\n\n![${name}](${name}.svg)\n`;
      const { pdf } = await renderAnswers(packOf(md, 'guides/t.md'), { baseDir: dir });
      const list = execFileSync('pdfimages', ['-list', tempPdf(pdf)], { encoding: 'utf8' });
      return list
        .split('\n')
        .slice(2)
        .filter((l) => l.trim()).length;
    };
    expect(await images('linked')).toBe(0);
    expect(await images('remote')).toBe(0);
    expect(await images('inline')).toBe(1);
  });
});

describe.each(SEEDS)('the answers PDF of the %s seed guide', (slug) => {
  it('prints every question and its answer, in order, inside the page, with no warning', async () => {
    const pack = seedPack(slug);
    await loadMath();
    const { pages, diagnostics } = layoutAnswers(pack, { paper: 'a4' });
    expect(questionsInOrder(pack, readingOrder(pages))).toEqual([]);
    expect(offPage(pages)).toEqual([]);
    expect(diagnostics).toEqual([]);
    const { pdf, pages: count } = await renderAnswers(pack, { paper: 'a4' });
    expect((await pdfPages(pdf)).pages).toBe(count);
    const text = pdftotext(pdf);
    expect(text).not.toContain('\\rightarrow');
    // Every page carries the project's name as its running head and its number.
    for (const [k, page] of pdftotext(pdf)
      .split('\f')
      .filter((p) => p.trim())
      .entries()) {
      expect(squash(page)).toContain(squash(pack.project.title));
      expect(squash(page)).toContain(`${k + 1}/${count}`);
    }
  });
});
