import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packFromBytes } from '../../src/build/pack.js';
import type { Pack } from '../../src/model.js';
import {
  BACK_TEMPLATE_PATH,
  deckName,
  entryTags,
  FRONT_TEMPLATE_PATH,
  renderAnkiCsv,
  renderCombinedAnkiCsv,
  sectionTag,
} from '../../src/render/anki-csv.js';
import { liveHtml } from '../hardening/html-scan.js';
import { makeEntry, makePack, readAnkiCsv } from './anki-factory.js';

const HEADER_ORDER = [
  'separator',
  'html',
  'notetype',
  'deck',
  'deck column',
  'guid column',
  'tags column',
  'columns',
  'match scope',
  'if matches',
];

/** A guide-like entry with everything that breaks naive CSV and HTML writers. */
const CODE = [
  'def check(a, b):',
  "    if a < b and b & 1:  # it's $5",
  '        return "<ok>"',
  '',
  '\treturn None',
].join('\n');
const tricky = makeEntry({
  question: '#1 "Why" <script>alert(1)</script>, & then, what?',
  answer: [
    'First line, with a comma & an ampersand.',
    'Second line: "quoted", <b>raw html</b> and {{handlebars}}.',
    '',
    '<script>alert("x")</script>',
    '',
    '[click](javascript:alert(1)) and [docs](https://example.com/a?b=1&c=2)',
    '',
    '```python',
    CODE,
    '```',
    '',
    '# heading-like line',
  ].join('\n'),
  keyTerms: ['<T>', 'A & B', '{{x}}'],
  section: 'Security: "Part 2" :: XSS',
  category: 'security',
});

describe('renderAnkiCsv', () => {
  const pack = makePack([
    makeEntry({ question: 'Walk me through the architecture.' }),
    tricky,
    makeEntry({ question: 'And the follow-up?', followUpOf: tricky.id, section: '' }),
  ]);
  const csv = renderAnkiCsv(pack);
  const parsed = readAnkiCsv(csv);

  it('writes the headers a stock profile honours, in the order Anki needs them', () => {
    expect(parsed.headers).toEqual([
      ['separator', 'comma'],
      ['html', 'true'],
      ['notetype', 'Basic'],
      ['deck', 'Interview Prep::PodScribe'],
      ['guid column', '4'],
      ['tags column', '3'],
      ['columns', 'Front,Back,Tags,GUID'],
      ['match scope', 'notetype'],
      ['if matches', 'update current'],
    ]);
  });

  it('never puts a space after a header colon', () => {
    for (const line of csv.split('\n').filter((l) => l.startsWith('#')))
      expect(line).not.toMatch(/^#[^:]*: /);
  });

  it('names columns so that Front and Back map to the fields of the same names', () => {
    const columns = parsed.header.columns?.split(',') ?? [];
    expect(columns.indexOf('Front') + 1).toBe(1);
    expect(columns.indexOf('Back') + 1).toBe(2);
    expect(columns.indexOf('Tags') + 1).toBe(Number(parsed.header['tags column']));
    expect(columns.indexOf('GUID') + 1).toBe(Number(parsed.header['guid column']));
  });

  it('gives every row the same width as the column list', () => {
    expect(parsed.rows).toHaveLength(3);
    for (const row of parsed.rows) expect(row).toHaveLength(4);
  });

  it('quotes every field so that no row can start with #', () => {
    const body = csv.split('\n').slice(parsed.headers.length);
    for (const line of body.filter((l) => l !== '')) expect(line.startsWith('#')).toBe(false);
    expect(parsed.rows[1]?.[0]?.startsWith('#1')).toBe(true);
  });

  it('uses the entry id as GUID', () => {
    expect(parsed.records.map((r) => r.GUID)).toEqual(pack.entries.map((e) => e.id));
    for (const r of parsed.records) expect(r.GUID).toMatch(/^sp-[A-Za-z0-9_-]+$/);
  });

  it('escapes the question in the Front field', () => {
    expect(parsed.records[1]?.Front).toBe(
      '#1 &quot;Why&quot; &lt;script&gt;alert(1)&lt;/script&gt;, &amp; then, what?',
    );
  });

  it('keeps every line and indentation of a code block in the Back field', () => {
    const back = parsed.records[1]?.Back ?? '';
    const code = back.match(/<pre><code class="language-python">([\s\S]*?)<\/code><\/pre>/)?.[1];
    const unescaped = code
      ?.replace(/<\/?span[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
    expect(unescaped).toBe(`${CODE}\n`);
    expect(code).toContain("it's $5");
  });

  it('shows raw HTML and script tags from the guide as text, never live', () => {
    const back = parsed.records[1]?.Back ?? '';
    expect(back).not.toMatch(/<script/i);
    expect(back).not.toMatch(/<b>raw/);
    expect(back).toContain('&lt;script>alert("x")&lt;/script>');
    expect(back).toContain('&lt;b>raw html&lt;/b>');
  });

  it('drops javascript: links and keeps safe ones', () => {
    const back = parsed.records[1]?.Back ?? '';
    expect(back).not.toMatch(/javascript:/i);
    expect(back).toContain('click and');
    expect(back).toContain('<a href="https://example.com/a?b=1&amp;c=2">docs</a>');
  });

  it('treats {{ in a guide as text', () => {
    const back = parsed.records[1]?.Back ?? '';
    expect(back).toContain('{{handlebars}}');
    expect(back).toContain('{{x}}');
  });

  it('adds key terms, project and section to the Back field, escaped', () => {
    const back = parsed.records[1]?.Back ?? '';
    expect(back).toContain('&lt;T&gt; · A &amp; B · {{x}}');
    expect(back).toContain('PodScribe · Security: &quot;Part 2&quot; :: XSS');
  });

  it('tags notes by project, category and section, and marks follow-ups', () => {
    expect(parsed.records[0]?.Tags).toBe(
      'studypack::podscribe studypack::podscribe::architecture studypack::podscribe::section::System_Design_Questions',
    );
    expect(parsed.records[1]?.Tags).toBe(
      'studypack::podscribe studypack::podscribe::security studypack::podscribe::section::Security_Part_2_XSS',
    );
    expect(parsed.records[2]?.Tags).toBe('studypack::podscribe studypack::podscribe::architecture followup');
  });

  it('names the parent question on the back of a follow-up', () => {
    expect(parsed.records[2]?.Back).toContain('Follow-up to: #1 &quot;Why&quot; &lt;script&gt;');
  });

  it('is byte-for-byte the same on every run', () => {
    expect(renderAnkiCsv(pack)).toBe(csv);
  });

  it('ends with a newline and uses \\n line endings', () => {
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv).not.toContain('\r');
  });

  it('refuses two entries with the same id', () => {
    const twice = makePack([makeEntry({ id: 'sp-aaaaaaaa' }), makeEntry({ id: 'sp-aaaaaaaa' })]);
    expect(() => renderAnkiCsv(twice)).toThrow(/sp-aaaaaaaa.*used twice/);
  });

  it('refuses an id with characters a GUID must not have', () => {
    expect(() => renderAnkiCsv(makePack([makeEntry({ id: 'sp-a b' })]))).toThrow(/GUID/);
  });

  it('marks an unanswered question instead of leaving the back blank', () => {
    const back = readAnkiCsv(renderAnkiCsv(makePack([makeEntry({ answer: '', unanswered: true })])))
      .records[0]?.Back;
    expect(back).toContain('No answer in the guide yet.');
  });

  it('tags the notes the guide does not answer, and only those, studypack::unanswered', () => {
    const open = makeEntry({ answer: '', answered: false, unanswered: true });
    const records = readAnkiCsv(renderAnkiCsv(makePack([makeEntry(), open]))).records;
    expect(records[1]?.Tags).toBe(
      'studypack::podscribe studypack::podscribe::architecture studypack::podscribe::section::System_Design_Questions studypack::unanswered',
    );
    expect(records[0]?.Tags).not.toContain('unanswered');
    expect(records[1]?.Back).toContain('No answer in the guide yet.');
  });

  it('uses a back template given in the options', () => {
    const out = renderAnkiCsv(makePack([tricky]), {
      backTemplate: '<i>{{section}}</i>{{safeHtml answerHtml}}',
    });
    const back = readAnkiCsv(out).records[0]?.Back ?? '';
    expect(back.startsWith('<i>Security: &quot;Part 2&quot; :: XSS</i><p>First line')).toBe(true);
  });
});

/** What a question needs to be asked: code with `<`, `&` and indentation, options, raw HTML. */
const PROMPT_CODE = [
  'function pick(a, b) {',
  '  if (a < b && b & 1) {',
  '    return "<ok>";',
  '  }',
  '\treturn null;',
  '}',
].join('\n');
const asked = makeEntry({
  question: 'What does pick(1, 3) return?',
  prompt: [
    '```js',
    PROMPT_CODE,
    '```',
    '',
    '- A) `"<ok>"`',
    '- B) null <script>alert(1)</script>',
    '',
    '<img src=x onerror=alert(1)>',
  ].join('\n'),
  answer: 'A: 1 < 3 and 3 is odd.',
});

describe('the Front field', () => {
  const pack = makePack([makeEntry({ question: 'Why <this> & "that"?' }), asked]);
  const records = readAnkiCsv(renderAnkiCsv(pack)).records;
  const front = records[1]?.Front ?? '';

  it('is the escaped question alone when there is no prompt', () => {
    expect(records[0]?.Front).toBe('Why &lt;this&gt; &amp; &quot;that&quot;?');
  });

  it('shows the prompt under the question, its code with every line and indentation', () => {
    expect(front.startsWith('What does pick(1, 3) return?\n<div class="studypack-prompt"')).toBe(true);
    const code = front
      .match(/<pre><code class="language-js">([\s\S]*?)<\/code><\/pre>/)?.[1]
      ?.replace(/<\/?span[^>]*>/g, '');
    expect(code).toContain('  if (a &lt; b &amp;&amp; b &amp; 1) {\n    return "&lt;ok>";');
    expect(code?.replace(/&lt;/g, '<').replace(/&amp;/g, '&')).toBe(`${PROMPT_CODE}\n`);
  });

  it('renders the options as a list, with guide HTML shown as text', () => {
    expect(front).toContain('<li>A) <code>"&lt;ok>"</code></li>');
    expect(front).toContain('<li>B) null &lt;script>alert(1)&lt;/script></li>');
    expect(front).toContain('&lt;img src=x onerror=alert(1)>');
    expect(liveHtml(front)).toEqual([]);
  });

  it('is the same in the combined deck', () => {
    const combined = readAnkiCsv(renderCombinedAnkiCsv([pack])).records;
    expect(combined.map((r) => r.Front)).toEqual(records.map((r) => r.Front));
    expect((combined[1]?.Front ?? '').replace(/<\/?span[^>]*>/g, '')).toContain(
      '<pre><code class="language-js">function pick(a, b) {\n  if',
    );
  });

  it('uses a front template given in the options', () => {
    const out = renderAnkiCsv(makePack([asked]), {
      frontTemplate: '<b>{{question}}</b>{{#if promptHtml}}<hr>{{safeHtml promptHtml}}{{/if}}',
    });
    const custom = readAnkiCsv(out).records[0]?.Front ?? '';
    expect(custom.startsWith('<b>What does pick(1, 3) return?</b><hr><pre><code class="language-js">')).toBe(
      true,
    );
  });
});

describe('renderCombinedAnkiCsv', () => {
  const packs = [
    makePack([makeEntry(), makeEntry({ followUpOf: null })], { slug: 'stash', title: 'Stash' }),
    makePack([makeEntry(), makeEntry(), makeEntry()], { slug: 'podscribe', title: 'PodScribe' }),
  ];
  const parsed = readAnkiCsv(renderCombinedAnkiCsv(packs));

  it('puts each project in its own subdeck through a deck column', () => {
    expect(parsed.headers.map(([k]) => k)).toEqual([
      'separator',
      'html',
      'notetype',
      'deck column',
      'guid column',
      'tags column',
      'columns',
      'match scope',
      'if matches',
    ]);
    expect(parsed.header['deck column']).toBe('5');
    expect(new Set(parsed.records.map((r) => r.Deck))).toEqual(
      new Set(['Interview Prep::PodScribe', 'Interview Prep::Stash']),
    );
  });

  it('holds every entry of every pack exactly once', () => {
    const expected = packs.flatMap((p) => p.entries.map((e) => e.id)).sort();
    expect(parsed.records.map((r) => r.GUID).sort()).toEqual(expected);
    for (const row of parsed.rows) expect(row).toHaveLength(5);
  });

  it('orders projects by slug whatever order they come in', () => {
    expect(renderCombinedAnkiCsv([...packs].reverse())).toBe(renderCombinedAnkiCsv(packs));
    expect(parsed.records[0]?.Deck).toBe('Interview Prep::PodScribe');
  });

  it('refuses an id used in two packs', () => {
    const shared = makeEntry();
    const clash = [makePack([shared]), makePack([{ ...shared }], { slug: 'other', title: 'Other' })];
    expect(() => renderCombinedAnkiCsv(clash)).toThrow(/used twice/);
  });
});

describe('header order', () => {
  it('follows the documented order in both files', () => {
    for (const csv of [
      renderAnkiCsv(makePack([makeEntry()])),
      renderCombinedAnkiCsv([makePack([makeEntry()])]),
    ]) {
      const keys = readAnkiCsv(csv).headers.map(([k]) => k);
      const positions = keys.map((k) => HEADER_ORDER.indexOf(k));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });
});

describe('deck and tag names', () => {
  it('keeps a title from adding deck levels', () => {
    expect(deckName(makePack([], { title: 'C++ :: Notes\nv2' }))).toBe('Interview Prep::C++ : Notes v2');
  });

  it('turns a section into one tag level without spaces or colons', () => {
    expect(sectionTag('Architecture & Design Decision Questions')).toBe(
      'Architecture_Design_Decision_Questions',
    );
    expect(sectionTag('a::b c\u3000d')).toBe('a_b_c_d');
    expect(sectionTag('Données — Performance')).toBe('Données_Performance');
    expect(sectionTag('🎯 ')).toBe('');
  });

  it('writes no tag with whitespace in it', () => {
    const entry = makeEntry({ section: ' spaced  out\tsection ', followUpOf: 'sp-parent' });
    for (const tag of entryTags(makePack([entry]), entry)) expect(tag).not.toMatch(/\s/);
  });
});

describe('the front template', () => {
  it('is read from templates/anki-front.hbs at the package root', () => {
    expect(existsSync(FRONT_TEMPLATE_PATH)).toBe(true);
  });

  it('passes nothing but the question and prompt HTML through unescaped', () => {
    const source = readFileSync(FRONT_TEMPLATE_PATH, 'utf8');
    expect(source).not.toContain('{{{');
    expect([...source.matchAll(/safeHtml\s+(\w+)/g)].map((m) => m[1])).toEqual([
      'questionHtml',
      'promptHtml',
    ]);
  });
});

describe('the back template', () => {
  it('is read from templates/anki-back.hbs at the package root', () => {
    expect(existsSync(BACK_TEMPLATE_PATH)).toBe(true);
    expect(readFileSync(BACK_TEMPLATE_PATH, 'utf8')).toContain('{{safeHtml answerHtml}}');
  });

  it('passes nothing but answerHtml through unescaped', () => {
    const source = readFileSync(BACK_TEMPLATE_PATH, 'utf8');
    expect(source).not.toContain('{{{');
    expect([...source.matchAll(/safeHtml\s+(\w+)/g)].map((m) => m[1])).toEqual(['answerHtml']);
  });
});

/** The packs of the seed guides, made from guides/ as a build makes them. */
const guidesDir = join(import.meta.dirname, '../../guides');
const realPacks = readdirSync(guidesDir)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => packFromBytes(readFileSync(join(guidesDir, name)), { file: `guides/${name}` }).pack)
  .filter((pack): pack is Pack => pack !== null);

describe('on the packs of the seed guides', () => {
  it('are the five seed guides', () => {
    expect(realPacks.map((p) => p.project.slug)).toEqual([
      'bytescribe',
      'flowmingo',
      'ml-model-serving',
      'podscribe',
      'stash',
    ]);
  });

  it('renders every pack with one row per entry and valid headers', () => {
    for (const pack of realPacks) {
      const parsed = readAnkiCsv(renderAnkiCsv(pack));
      expect(parsed.rows).toHaveLength(pack.entries.length);
      for (const row of parsed.rows) expect(row).toHaveLength(4);
      expect(parsed.records.map((r) => r.GUID)).toEqual(pack.entries.map((e) => e.id));
    }
  });

  it('renders the combined deck with every entry once', () => {
    const parsed = readAnkiCsv(renderCombinedAnkiCsv(realPacks));
    const total = realPacks.reduce((n, p) => n + p.entries.length, 0);
    expect(parsed.rows).toHaveLength(total);
    expect(new Set(parsed.records.map((r) => r.GUID)).size).toBe(total);
  });
});
