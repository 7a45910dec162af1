// What a guide may be before it is parsed at all: its size, and how deeply one line nests
// blockquotes and lists. micromark's time grows with the square of the nesting (and
// mdast-util-from-markdown's with its cube, for lists nested by indentation), so a guide beyond
// these would hold the whole build for minutes before overflowing the stack.

import { diagnostic } from '../errors.js';
import type { Diagnostic } from '../model.js';

/** About fifty times the largest real guide; a guide this big takes seconds to read. */
export const MAX_GUIDE_BYTES = 2 * 1024 * 1024;

/** The error of a guide of `size` bytes, over the limit. */
export function tooLarge(file: string, size: number): Diagnostic {
  const mb = `${(size / 1024 / 1024).toFixed(1)} MB`;
  const limit = `${MAX_GUIDE_BYTES / 1024 / 1024} MB`;
  return diagnostic('too-large', `${file} is ${mb}; a guide may be at most ${limit}.`, file);
}

/** Blockquote and list levels one line may open; real guides use a handful. */
export const MAX_NESTING = 100;

/** Indentation before a list item or blockquote that only lists nested this deep can have. */
export const MAX_INDENT = 4 * MAX_NESTING;

/** One blockquote or list marker at the start of a line, after up to three spaces. */
const CONTAINER = /[ \t]{0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|(?=\n)|$))/y;

/** `- - -`, `* * *` and `_ _ _` are thematic breaks, not nested lists. */
const THEMATIC_BREAK = /^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export interface DeepLine {
  /** 1-based line. */
  line: number;
  /** Blockquote and list markers the line opens. */
  depth: number;
  /** Columns of indentation before the first of them. */
  indent: number;
}

/** Columns of leading whitespace from `start`, tabs to the next multiple of four. */
function indentation(text: string, start: number, stop: number): { columns: number; end: number } {
  let columns = 0;
  let k = start;
  for (; k < stop; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x20) columns++;
    else if (c === 0x09) columns += 4 - (columns % 4);
    else break;
  }
  return { columns, end: k };
}

/**
 * The first line that opens more than `max` blockquotes or lists, or whose first list item or
 * blockquote is indented `MAX_INDENT` columns or more; null when there is none. Linear in the text.
 */
export function deepestLine(text: string, max = MAX_NESTING): DeepLine | null {
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const indent = indentation(text, start, stop);
    let depth = 0;
    CONTAINER.lastIndex = indent.columns >= MAX_INDENT ? indent.end : start;
    while (CONTAINER.lastIndex < stop && CONTAINER.test(text)) depth++;
    const deep = depth > max || (indent.columns >= MAX_INDENT && depth > 0);
    if (deep && !THEMATIC_BREAK.test(text.slice(start, stop))) return { line, depth, indent: indent.columns };
    if (end === -1) break;
    start = end + 1;
  }
  return null;
}
