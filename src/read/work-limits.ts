// How much work one guide may ask of the parser and the stages after it. Some Markdown shapes
// cost micromark far more than their size (lazy blockquote lines, `[` after `[`, deep `> - `
// nesting), and a huge table or list is cheap to parse but costs gigabytes as a tree and as
// cards. One linear scan of the text, before parsing, finds the first line past a bound, so such
// a guide fails at once, with that line and the bound, and the other guides still build.

/** The bounds, per guide. Real guides stay far below each (the largest seen: ~400 list items). */
export const WORK_LIMITS = {
  /** Cells of all the tables of a guide (a 5,000 × 200 table is a million). */
  tableCells: 10_000,
  /** List items of a guide. */
  listItems: 5_000,
  /** Headings of a guide. */
  headings: 10_000,
  /** Lines of one blockquote paragraph written without their `>` ("lazy" lines). */
  lazyLines: 1_000,
  /** `[` in one paragraph: each may open a link micromark must look for the end of. */
  brackets: 2_000,
  /** The sum, over lines, of the square of the blockquotes and lists each line continues. */
  nesting: 100_000,
  /**
   * Runs of `*`, `_` or `` ` `` in one paragraph: the parser pairs emphasis marks in time that grows
   * with the square of their number (20,000 `**x**` in a paragraph took 4 s to parse, twice).
   */
  inlineMarks: 1_000,
  /** The same runs in the whole guide: each becomes a node of every tree and output. */
  marks: 50_000,
  /** Images (`![`): each is looked up, and drawn or named in every output. */
  images: 2_000,
  /** Blocks (paragraphs, code blocks, quotes…) of a guide: each costs every stage a little. */
  blocks: 30_000,
  /**
   * Characters of code in fenced blocks: code is coloured by grammars whose patterns can take time
   * that grows with the square of a block's length.
   */
  codeChars: 128 * 1024,
  /** `$` outside code: each pair may be a formula, typeset for the cards and the PDFs. */
  dollars: 10_000,
} as const;

export type WorkLimit = keyof typeof WORK_LIMITS;

export interface WorkExcess {
  limit: WorkLimit;
  /** 1-based line where the bound was passed. */
  line: number;
  /** One sentence: what passed which bound. */
  message: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** Blockquote and list markers at the start of a line: what the line continues or opens. */
const CONTAINER = /[ \t]*(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/y;
const LIST_ITEM = /^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const THEMATIC_BREAK = /^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

const DESCRIBE: Record<WorkLimit, string> = {
  tableCells: 'table cells',
  listItems: 'list items',
  headings: 'headings',
  lazyLines: 'lines of one blockquote paragraph without their ">"',
  brackets: '"[" in one paragraph',
  nesting: 'levels of blockquotes and lists, line by line (the sum of their squares)',
  inlineMarks: 'runs of "*", "_" or "`" in one paragraph',
  marks: 'runs of "*", "_" or "`"',
  images: 'images ("![")',
  blocks: 'blocks (paragraphs, code blocks, quotes, lists)',
  codeChars: 'characters of code in fenced blocks',
  dollars: '"$" outside code (each pair may be a formula)',
};

/** The first place where `text` asks for more work than `WORK_LIMITS` allows, or null. */
export function workExcess(text: string, limits: Record<WorkLimit, number> = WORK_LIMITS): WorkExcess | null {
  const count: Record<WorkLimit, number> = {
    tableCells: 0,
    listItems: 0,
    headings: 0,
    lazyLines: 0,
    brackets: 0,
    nesting: 0,
    inlineMarks: 0,
    marks: 0,
    images: 0,
    blocks: 0,
    codeChars: 0,
    dollars: 0,
  };
  /** The last line was blank (or there was none): a line with text starts a block. */
  let afterBlank = true;
  let fence: string | null = null;
  /** In a paragraph that started inside a blockquote. */
  let quoted = false;
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    line++;
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const content = text.slice(start, stop);
    start = stop + 1;
    const over = (limit: WorkLimit, n = 1): WorkExcess | null => {
      count[limit] += n;
      if (count[limit] <= limits[limit]) return null;
      return {
        limit,
        line,
        message: `More than ${limits[limit].toLocaleString('en-US')} ${DESCRIBE[limit]} by line ${line}; a guide may have at most that many.`,
      };
    };
    const fenceMark = FENCE.exec(content)?.[1];
    if (fence !== null) {
      // Code costs the parser no more than its size; its colours may cost more.
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length)
        fence = null;
      else {
        const excess = over('codeChars', content.length + 1);
        if (excess) return excess;
      }
      if (end === -1) break;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      afterBlank = false;
      const excess = over('blocks');
      if (excess) return excess;
      continue;
    }
    if (content.trim() === '') {
      quoted = false;
      afterBlank = true;
      count.brackets = 0;
      count.lazyLines = 0;
      count.inlineMarks = 0;
      if (end === -1) break;
      continue;
    }
    let excess: WorkExcess | null = null;
    if (afterBlank) excess ??= over('blocks');
    afterBlank = false;
    let depth = 0;
    CONTAINER.lastIndex = 0;
    while (CONTAINER.lastIndex < content.length && CONTAINER.test(content)) depth++;
    if (depth > 0 && !THEMATIC_BREAK.test(content)) excess ??= over('nesting', depth * depth);
    if (content.trimStart().startsWith('>')) quoted = true;
    else if (quoted && depth === 0) excess ??= over('lazyLines');
    if (HEADING.test(content)) excess ??= over('headings');
    else if (LIST_ITEM.test(content) && !THEMATIC_BREAK.test(content)) excess ??= over('listItems');
    let bars = 0;
    let brackets = 0;
    let marks = 0;
    let dollars = 0;
    let images = 0;
    for (let k = 0; k < content.length; k++) {
      const c = content.charCodeAt(k);
      if (c === 0x7c) bars++;
      else if (c === 0x5b) {
        brackets++;
        if (content.charCodeAt(k - 1) === 0x21) images++;
      } else if (c === 0x24) dollars++;
      // `*`, `_` or a backtick that starts a run of its kind.
      else if ((c === 0x2a || c === 0x5f || c === 0x60) && content.charCodeAt(k - 1) !== c) marks++;
    }
    // A table row has a cell between each two bars (and before or after an outer one).
    if (bars > 0) excess ??= over('tableCells', bars);
    if (brackets > 0) excess ??= over('brackets', brackets);
    if (marks > 0) excess ??= over('inlineMarks', marks) ?? over('marks', marks);
    if (images > 0) excess ??= over('images', images);
    if (dollars > 0) excess ??= over('dollars', dollars);
    if (excess) return excess;
    if (end === -1) break;
  }
  return null;
}
