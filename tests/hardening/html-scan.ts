// What an HTML field may hold on an Anki card: every `<` opens a tag of a short allowlist, with
// harmless attributes and links a card may follow. Used on whole built decks and on fuzzed answers.
import { inlineStyle, PALETTE } from '../../src/render/highlight.js';

/** Elements studypack writes: Markdown's own, GFM tables, task lists and footnotes, and the template's. */
const TAGS = new Set([
  'span',
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'input',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'small',
  'strong',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
]);

const ATTRIBUTES = new Set([
  'align',
  'alt',
  'aria-describedby',
  'aria-label',
  'checked',
  'class',
  'data-footnote-backref',
  'data-footnote-ref',
  'data-footnotes',
  'dir',
  'disabled',
  'href',
  'id',
  'src',
  'start',
  'style',
  'title',
  'type',
]);

/** Schemes a card may link to; checked here on its own terms, not with src/render/html.ts's test. */
const SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

function followable(url: string): boolean {
  // Browsers skip ASCII whitespace and control characters anywhere in a scheme.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what is removed
  const bare = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(bare)?.[1];
  return scheme === undefined || SCHEMES.has(scheme.toLowerCase());
}

/** The inline styles cards carry: the templates' alignment and the colours of highlighted code. */
const STYLES = new Set(['text-align:left', ...Object.values(PALETTE).map(inlineStyle)]);

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every way `html` could run code or load something on a card; empty when it cannot. */
export function liveHtml(html: string): string[] {
  const problems: string[] = [];
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/y;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    tag.lastIndex = at;
    const m = tag.exec(html);
    if (!m) {
      problems.push(`a "<" that opens no allowed tag: ${JSON.stringify(html.slice(at, at + 40))}`);
      continue;
    }
    // A "<" inside a quoted attribute value is text, not a tag: go on after this tag.
    at = tag.lastIndex - 1;
    const name = (m[2] ?? '').toLowerCase();
    if (!TAGS.has(name)) problems.push(`element <${name}>`);
    for (const a of (m[3] ?? '').matchAll(/([^\s"'>/=]+)(?:="([^"]*)")?/g)) {
      const attr = (a[1] ?? '').toLowerCase();
      const value = decodeEntities(a[2] ?? '');
      if (!ATTRIBUTES.has(attr)) problems.push(`attribute ${attr} on <${name}>`);
      if ((attr === 'href' || attr === 'src') && !followable(value)) problems.push(`${attr}="${value}"`);
      if (attr === 'style' && !STYLES.has(value)) problems.push(`style="${value}"`);
    }
  }
  return problems;
}
