// Offsets in a text → 1-based line and column, as remark counts them (columns in UTF-16 units).

export interface Point {
  line: number;
  column: number;
}

/** A function from offsets in `text` to points; one pass to index the lines, then binary search. */
export function locator(text: string): (offset: number) => Point {
  const starts = [0];
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

/** The line of `text` that holds `offset`, without its newline. */
export function lineAt(text: string, offset: number): string {
  const from = text.lastIndexOf('\n', offset - 1) + 1;
  const to = text.indexOf('\n', offset);
  return text.slice(from, to === -1 ? undefined : to);
}
