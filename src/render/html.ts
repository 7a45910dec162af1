// Markdown → safe HTML for the back of an Anki card: guide text is always escaped, raw HTML from a
// guide shows as text, unsafe links are dropped, and code blocks keep every character.
import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot, Parents } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Code, Nodes as MdastNodes, Parent as MdastParent, Root as MdastRoot } from 'mdast';
import { type Handlers, toHast } from 'mdast-util-to-hast';
import { linkBareUrls, parseFragment, takeTree } from '../parse/index.js';
import { TEXT_MATH } from '../parse/math.js';
import { highlightTree, styledChildren } from './highlight.js';

/** URL schemes a card may link to; anything else (javascript:, data:, vbscript:, file:) is dropped. */
const SAFE_PROTOCOLS = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * Anki reads `[sound:…]` and `[anki:…]` in a field as media and template tags; written as an entity
 * the bracket looks the same on the card but no longer plays or runs anything.
 */
const ANKI_TAG = /\[(?=(?:sound|anki):)/gi;

/**
 * Writes every `[sound:` and `[anki:` in a card field as `&#91;…`: applied to the whole field after
 * its template ran, so no value (title, section, key terms, the parent question) can bring one in.
 */
export function neutralizeAnkiTags(html: string): string {
  return html.replace(ANKI_TAG, '&#91;');
}

/**
 * The characters that make a spreadsheet run a cell when it starts with one (OWASP, "CSV
 * Injection"): `=`, `+`, `-`, `@`, a tab and a carriage return.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * An HTML field that would start a formula starts with that character as an entity instead
 * (`&#61;`): a spreadsheet sees text starting with `&`, Anki shows the character as written.
 */
export function guardFormulaStart(html: string): string {
  const first = html.codePointAt(0);
  return first !== undefined && FORMULA_START.test(html) ? `&#${first};${html.slice(1)}` : html;
}

/** A card field as it is written to the deck: the two guards above, the same for every field. */
export function cardField(html: string): string {
  return guardFormulaStart(neutralizeAnkiTags(html));
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(ANKI_TAG, '&#91;');
}

/**
 * Escapes plain text (a question) for a field: entities, line breaks as `<br>`, and formulas as
 * `\(…\)`, the inline delimiters Anki's MathJax reads.
 */
export function textToHtml(text: string): string {
  const clean = text.normalize('NFC').replace(/\r\n?/g, '\n');
  return escapeHtml(clean.replace(TEXT_MATH, (_, tex: string) => `\\(${tex}\\)`)).replace(/\n/g, '<br>');
}

/**
 * True when `url` may be followed from a card: relative links, fragments and the schemes above.
 * Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`), so
 * they are removed before the scheme is read.
 */
export function isSafeUrl(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is stripped
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const colon = cleaned.indexOf(':');
  if (colon === -1) return true;
  const firstDelimiter = cleaned.search(/[/?#]/);
  if (firstDelimiter !== -1 && firstDelimiter < colon) return true;
  return SAFE_PROTOCOLS.has(cleaned.slice(0, colon).toLowerCase());
}

/**
 * Turns raw HTML into text so that `<script>` in a guide shows as `<script>`: inline HTML becomes
 * text, a block of HTML becomes a code block, which keeps its lines as the author wrote them.
 */
function htmlNodesToText(node: MdastNodes): void {
  if (!('children' in node)) return;
  const parent = node as MdastParent;
  const flow = FLOW_PARENTS.has(parent.type);
  parent.children = parent.children.map((child) => {
    if (child.type === 'html') {
      const { value, position } = child;
      return flow
        ? { type: 'code', lang: null, meta: null, value, position, data: { rawHtml: true } }
        : { type: 'text', value, position };
    }
    htmlNodesToText(child);
    return child;
  }) as MdastParent['children'];
}

const NO_IMAGES: ReadonlyMap<string, string> = new Map();

/** mdast parents whose children are blocks, where raw HTML is a block of its own. */
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/**
 * True for an image a card would fetch from another host whenever it is shown: a tracking pixel
 * tells that host when and where the card was studied.
 */
function isRemote(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is stripped
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(cleaned);
}

/**
 * Drops links and images whose URL is unsafe, keeping their text (or alt text) in their place,
 * and shows a remote image as a link to it (its alt text, else its address).
 */
function dropUnsafeUrls(node: HastNodes): void {
  if (!('children' in node)) return;
  const parent = node as Parents;
  const next: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'element') {
      const url = urlOf(child);
      if (child.tagName === 'img' && url !== undefined && isSafeUrl(url) && isRemote(url)) {
        const alt = child.properties.alt;
        const text = typeof alt === 'string' && alt !== '' ? alt : url;
        next.push({
          type: 'element',
          tagName: 'a',
          properties: { href: url },
          children: [{ type: 'text', value: text }],
        });
        continue;
      }
      if (url !== undefined && !isSafeUrl(url)) {
        if (child.tagName === 'img') {
          const alt = child.properties.alt;
          if (typeof alt === 'string' && alt !== '') next.push({ type: 'text', value: alt });
        } else {
          dropUnsafeUrls(child);
          next.push(...child.children);
        }
        continue;
      }
      dropUnsafeUrls(child);
    }
    next.push(child);
  }
  parent.children = next as typeof parent.children;
}

function urlOf(element: Element): string | undefined {
  const value = element.tagName === 'img' ? element.properties.src : element.properties.href;
  return typeof value === 'string' ? value : undefined;
}

/**
 * What a bare URL (`http://`, `https://`, `www.`) or e-mail address (`@`) needs in the Markdown
 * before it is one: the text of the tree comes from these characters, or from character
 * references (`&`). An answer without any is not searched for links at all.
 */
const MAY_LINK = /https?:\/\/|www\.|@|&/i;

/**
 * How math and code reach a card: formulas as `\(…\)` and `\[…\]` for Anki's MathJax, code
 * highlighted with inline colours, since the stock Basic note type carries no style sheet.
 */
const HANDLERS: Handlers = {
  inlineMath: (_state, node: { value: string }) => ({ type: 'text', value: `\\(${node.value}\\)` }),
  math: (_state, node: { value: string }) => ({
    type: 'element',
    tagName: 'div',
    properties: { className: ['math'] },
    children: [{ type: 'text', value: `\\[${node.value}\\]` }],
  }),
  code: (_state, node: Code) => codeBlock(node),
};

/** A code block as `<pre><code>`, its tokens coloured when the language is known or clear. */
function codeBlock(node: Code): Element {
  const value = node.value ? `${node.value}\n` : '';
  // Raw HTML shown as text is not code of a language to guess.
  const found = (node.data as { rawHtml?: boolean } | undefined)?.rawHtml
    ? null
    : highlightTree(value, node.lang);
  const language = found?.language ?? node.lang?.trim().split(/\s/)[0];
  const code: Element = {
    type: 'element',
    tagName: 'code',
    properties: language ? { className: [`language-${language}`] } : {},
    children: found ? styledChildren(found.tree) : [{ type: 'text', value }],
  };
  return { type: 'element', tagName: 'pre', properties: {}, children: [code] };
}

/**
 * Local images → the flat media names the build gave them (`img/arch.png` → `sp-….png`); an image
 * without one (missing, or not an image) shows its alt text. Remote images are handled above.
 */
function placeImages(node: HastNodes, images: ReadonlyMap<string, string>): void {
  if (!('children' in node)) return;
  const parent = node as Parents;
  const next: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'element' && child.tagName === 'img') {
      const src = child.properties.src;
      const name = typeof src === 'string' ? images.get(src) : undefined;
      if (name !== undefined) {
        child.properties.src = name;
        next.push(child);
      } else {
        const alt = child.properties.alt;
        if (typeof alt === 'string' && alt !== '') next.push({ type: 'text', value: alt });
      }
      continue;
    }
    if (child.type === 'element') placeImages(child, images);
    next.push(child);
  }
  parent.children = next as typeof parent.children;
}

/**
 * The HTML of the answers and prompts rendered last, by their Markdown, per image map: the CSV
 * deck and the Anki package of a pack show the same answers, and each is rendered once for both.
 */
const rendered = new Map<string, { html: Map<string, string>; chars: number }>();
/** The HTML kept per image map, in characters of Markdown and HTML: every answer of the largest guide. */
const RENDERED_CHARS = 16 * 1024 * 1024;
/** Image maps whose HTML is kept: a build's guides, one at a time, or a guide rebuilt under --watch. */
const RENDERED_MAPS = 2;

/**
 * An image map by what it holds, not by the object: each build of a guide makes its map anew, and
 * a guide rebuilt with the same pictures finds the HTML of its answers rendered the last time.
 */
const imageKeys = new WeakMap<ReadonlyMap<string, string>, string>();
function imagesKey(images: ReadonlyMap<string, string>): string {
  let key = imageKeys.get(images);
  if (key === undefined) {
    key = JSON.stringify([...images]);
    imageKeys.set(images, key);
  }
  return key;
}

/**
 * Renders an answer's Markdown to HTML that is safe to store in an Anki field with `#html:true`.
 * `images` maps each local image URL to its file in the deck's media; without it, local images
 * show their alt text.
 */
export function markdownToHtml(markdown: string, images: ReadonlyMap<string, string> = NO_IMAGES): string {
  const key = imagesKey(images);
  let cache = rendered.get(key);
  if (!cache) {
    cache = { html: new Map(), chars: 0 };
    rendered.set(key, cache);
    for (const oldest of rendered.keys()) {
      if (rendered.size <= RENDERED_MAPS) break;
      rendered.delete(oldest);
    }
  }
  const known = cache.html.get(markdown);
  if (known !== undefined) return known;
  const html = renderMarkdown(markdown, images);
  cache.chars += markdown.length + html.length;
  for (const [oldest, kept] of cache.html) {
    if (cache.chars <= RENDERED_CHARS) break;
    cache.html.delete(oldest);
    cache.chars -= oldest.length + kept.length;
  }
  cache.html.set(markdown, html);
  return html;
}

function renderMarkdown(markdown: string, images: ReadonlyMap<string, string>): string {
  const text = markdown.normalize('NFC').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return '';
  // The tree normalize made of this answer, when it left one; trees are depth-limited, as answers
  // that nest thousands of levels deep would overflow mdast-util-to-hast's recursion.
  const mdast: MdastRoot = takeTree(text) ?? parseFragment(text);
  htmlNodesToText(mdast);
  if (MAY_LINK.test(text)) linkBareUrls(mdast);
  // allowDangerousHtml stays off: after the step above no raw node is left, and none may sneak in.
  const hast = toHast(mdast, { handlers: HANDLERS }) as HastRoot;
  dropUnsafeUrls(hast);
  placeImages(hast, images);
  return toHtml(hast, { characterReferences: { useNamedReferences: true } })
    .replace(ANKI_TAG, '&#91;')
    .trim();
}
