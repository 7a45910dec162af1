// Builds packs for the PDF tests (small ones, 200- and 300-question ones, one full of glyphs that
// need fallback fonts) and reads PDFs back: text with pdftotext and unpdf, fonts with pdffonts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import type { MdBlock } from '../../src/layout/markdown.js';
import type { PageLayout, Span } from '../../src/layout/types.js';
import { CATEGORIES, type Entry, type Fact, type Pack } from '../../src/model.js';

let counter = 0;

function base32(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 32)) out = alphabet[rest % 32] + out;
  return out.padStart(8, 'a');
}

/** An entry with sensible defaults; ids are unique within a test file. */
export function entry(fields: Partial<Entry> = {}): Entry {
  counter += 1;
  return {
    id: `sp-${base32(counter)}`,
    question: `Question number ${counter}?`,
    prompt: '',
    answer: `Answer number ${counter}.`,
    answered: true,
    gist: `Answer number ${counter}.`,
    keyTerms: [],
    category: 'architecture',
    section: 'Questions',
    followUpOf: null,
    source: { file: 'guides/test.md', line: counter * 3 },
    ...fields,
  };
}

export function pack(
  entries: Entry[],
  fields: { title?: string; pitch?: string; facts?: Fact[] } = {},
): Pack {
  return {
    schemaVersion: 1,
    project: {
      slug: 'test',
      title: fields.title ?? 'TestProject',
      source: 'guides/test.md',
      pitch: fields.pitch ?? 'A small project used to test the printed study packs.',
    },
    entries,
    facts: fields.facts ?? [],
    diagnostics: [],
  };
}

const WORDS = (
  'queue worker cache latency replica shard index token webhook container deploy rollback schema ' +
  'migration cursor batch stream retry timeout backoff quota tenant session cookie signature bucket'
).split(' ');

/** A deterministic pseudo-random word list: the same pack on every run. */
function words(seed: number, n: number): string {
  let x = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length] as string);
  }
  return out.join(' ');
}

/** A guide of `n` questions spread over every category, every fifth one a follow-up. */
export function bigPack(n: number): Pack {
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]?.id ?? 'architecture';
    const parent = i % 5 === 4 ? entries[i - 1] : undefined;
    const code = i % 7 === 0 ? ` Use \`retry_with_backoff(${i})\` here.` : '';
    entries.push(
      entry({
        question: `Q${i}: how does the ${words(i, 3)} work under ${words(i + 1000, 2)} load?`,
        gist: `${words(i + 7, 18 + (i % 13))}.${code}`,
        keyTerms: words(i + 3, 1 + (i % 4)).split(' '),
        category: parent?.category ?? category,
        followUpOf: parent?.id ?? null,
      }),
    );
  }
  const facts: Fact[] = Array.from({ length: 12 }, (_, i) => ({
    label: `Fact ${i + 1}`,
    value: words(i + 500, 3 + (i % 5)),
    group: i < 6 ? 'Key numbers' : 'Tech stack',
  }));
  return pack(entries, { title: `Big${n}`, facts, pitch: words(99, 60) });
}

export const GLYPHS = ['→', '≈', '×', '─', '┌', '┐', '└', '┘', '│', '✅', '❌', '🚀'];
export const CHINESE = '数据库连接池';

/** A pack whose text needs DejaVu's symbols, Noto Emoji and the CJK face. */
export function glyphPack(): Pack {
  return pack([
    entry({
      question: 'How do requests flow → through the system?',
      gist: 'Client → API ≈ 20 ms × 3 retries.',
    }),
    entry({
      question: 'Draw the architecture ✅ or ❌?',
      gist: '```\n┌─────┐\n│ app │ → 🚀\n└─────┘\n```',
      category: 'architecture',
    }),
    entry({
      question: `What is the ${CHINESE}?`,
      gist: `它管理${CHINESE}的连接。 It reuses connections 🚀.`,
      category: 'data',
    }),
  ]);
}

export async function pdfPages(pdf: Uint8Array): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(doc, { mergePages: false });
  return { pages: totalPages, text };
}

function tempFile(pdf: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'studypack-pdf-')), 'out.pdf');
  writeFileSync(file, pdf);
  return file;
}

/** The text layer in reading order, as poppler's pdftotext gives it. */
export function pdftotext(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', tempFile(pdf), '-'], { encoding: 'utf8' });
}

/** Rows of pdffonts: name, type, embedded, subset. */
export function pdffonts(
  pdf: Uint8Array,
): { name: string; type: string; embedded: boolean; subset: boolean }[] {
  const out = execFileSync('pdffonts', [tempFile(pdf)], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      const name = cols[0] ?? '';
      const yesNo = cols.filter((c) => c === 'yes' || c === 'no');
      return { name, type: l.slice(37, 55).trim(), embedded: yesNo[0] === 'yes', subset: yesNo[1] === 'yes' };
    });
}

/** Whitespace-free text: lines wrap anywhere, so questions are compared without it. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Every text run that leaves its frame or the page, described for a failure message. */
export function escapes(pages: PageLayout[], tolerance = 0.01): string[] {
  const bad: string[] = [];
  pages.forEach((page, p) => {
    for (const item of page.items) {
      if (item.kind !== 'text') continue;
      const { run } = item;
      const frame = page.frames[item.frame] ?? { x: 0, y: 0, w: page.width, h: page.height };
      const right = run.x + run.width;
      const inside =
        run.x >= frame.x - tolerance &&
        right <= frame.x + frame.w + tolerance &&
        item.y - 0.75 * run.size >= frame.y - tolerance &&
        item.y + 0.24 * run.size <= frame.y + frame.h + tolerance &&
        run.x >= 0 &&
        right <= page.width &&
        item.y <= page.height;
      if (!inside)
        bad.push(
          `page ${p + 1}: ${JSON.stringify(run.text.slice(0, 40))} at ${run.x.toFixed(1)},${item.y.toFixed(1)}`,
        );
    }
  });
  return bad;
}

export function readPdf(path: string): Uint8Array {
  return readFileSync(path);
}

/** Markdown blocks with adjacent spans of one style merged, so that two readers compare equal. */
export function normalBlocks(blocks: MdBlock[]): unknown {
  const spans = (list: Span[]) => {
    const out: [string, string][] = [];
    for (const s of list) {
      const key = JSON.stringify({ bold: !!s.style?.bold, italic: !!s.style?.italic, mono: !!s.style?.mono });
      const last = out[out.length - 1];
      if (last && last[1] === key && !s.style?.mono) last[0] += s.text;
      else out.push([s.text, key]);
    }
    return out;
  };
  return blocks.map((b) => {
    if (b.kind === 'list')
      return { list: b.items.map((item) => normalBlocks(item)), ordered: b.ordered, start: b.start };
    if (b.kind === 'paragraph') return { paragraph: spans(b.spans) };
    if (b.kind === 'heading') return { heading: spans(b.spans), depth: b.depth };
    return b;
  });
}
