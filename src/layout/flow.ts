// Pagination: stacks of boxes flowed into sections of columns across pages, with column and
// page breaks only where the boxes allow them, the last page of a section balanced, backgrounds
// drawn per column fragment, and a footer that knows the page count.
import type { DrawItem, Frame, PageLayout } from './types.js';

/** A background shared by consecutive boxes: one rectangle per column fragment. */
export interface Group {
  id: number;
  fill: string;
  /** Left edge of the rectangle, relative to the column. */
  indent: number;
  /** How far the rectangle reaches above the first box and below the last. */
  padY: number;
  radius?: number;
}

/** The unit of pagination: a line of text, a rule, a spacer. Flowing a box moves its items. */
export interface FlowBox {
  height: number;
  /** Space above the box; dropped at the top of a column. */
  spaceBefore: number;
  /** When set, no column break may fall between the previous box and this one. */
  keepWithPrev: boolean;
  /** Drawn relative to the box: x from the column's left edge, y from the box's top. */
  items: DrawItem[];
  group?: Group;
  /** Laid out for the page's full width (a wide table): a section of one column must hold it. */
  wide?: boolean;
}

export interface Section {
  columns: number;
  gap: number;
  boxes: FlowBox[];
  /** Space after the section before the next one starts on the same page. */
  spaceAfter: number;
  /** Balance the columns of the section's last page. */
  balance?: boolean;
  /** Leave the last page unbalanced when balanced columns would be shorter than this. */
  balanceMin?: number;
  /** A hairline between columns. */
  rule?: { color: string; width: number };
  /** A background behind the whole section on each page it covers. */
  background?: { fill: string; pad: number; radius?: number };
}

export interface PageGeometry {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface FlowResult {
  pages: PageLayout[];
  /** True when `maxPages` cut the content short. */
  overflow: boolean;
  /** How far down the last page the content reaches. */
  bottom: number;
}

const EPS = 0.01;

/** The index after the last box that fits a column of height `h`, starting at `start`. */
function fill(boxes: FlowBox[], start: number, h: number, mayLeaveEmpty: boolean): number {
  let y = 0;
  let i = start;
  while (i < boxes.length) {
    const b = boxes[i] as FlowBox;
    const need = (i === start ? 0 : b.spaceBefore) + b.height;
    if (y + need > h + EPS) break;
    y += need;
    i++;
  }
  if (i === boxes.length) return i;
  let j = i;
  while (j > start && boxes[j]?.keepWithPrev) j--;
  if (j > start) return j;
  if (mayLeaveEmpty) return start;
  // Nothing fits while honouring the keeps: break where the column ran out.
  return Math.max(i, start + 1);
}

/** Splits boxes[start..] into at most `n` columns of height `h`; the ends of each column. */
function columnsFor(boxes: FlowBox[], start: number, n: number, h: number, mayLeaveEmpty: boolean): number[] {
  const ends: number[] = [];
  let i = start;
  for (let c = 0; c < n && i < boxes.length; c++) {
    i = fill(boxes, i, h, mayLeaveEmpty);
    ends.push(i);
  }
  return ends;
}

/** The smallest column height at which the rest of the boxes fit in `n` columns. */
function balancedHeight(boxes: FlowBox[], start: number, n: number, max: number): number {
  let lo = 0;
  let hi = max;
  for (let k = 0; k < 18 && hi - lo > 0.25; k++) {
    const mid = (lo + hi) / 2;
    const ends = columnsFor(boxes, start, n, mid, true);
    if (ends[ends.length - 1] === boxes.length) hi = mid;
    else lo = mid;
  }
  return hi;
}

function place(
  boxes: FlowBox[],
  start: number,
  end: number,
  frame: Frame,
  frameIndex: number,
  page: PageLayout,
) {
  const backgrounds = new Map<number, { group: Group; top: number; bottom: number }>();
  let y = frame.y;
  const text: DrawItem[] = [];
  for (let i = start; i < end; i++) {
    const b = boxes[i] as FlowBox;
    if (i > start) y += b.spaceBefore;
    for (const item of b.items) text.push(shift(item, frame.x, y, frameIndex));
    if (b.group) {
      const bg = backgrounds.get(b.group.id);
      if (bg) bg.bottom = y + b.height;
      else backgrounds.set(b.group.id, { group: b.group, top: y, bottom: y + b.height });
    }
    y += b.height;
  }
  for (const { group, top, bottom } of backgrounds.values()) {
    page.items.push({
      kind: 'rect',
      x: frame.x + group.indent,
      y: top - group.padY,
      w: frame.w - group.indent,
      h: bottom - top + 2 * group.padY,
      fill: group.fill,
      radius: group.radius,
    });
  }
  page.items.push(...text);
  return y - frame.y;
}

/** Moves an item from box to page coordinates, in place: a flow consumes its boxes. */
function shift(item: DrawItem, dx: number, dy: number, frame: number): DrawItem {
  switch (item.kind) {
    case 'text':
      item.run.x += dx;
      item.y += dy;
      item.frame = frame;
      break;
    case 'rect':
      item.x += dx;
      item.y += dy;
      break;
    case 'vector':
    case 'image':
      item.x += dx;
      item.y += dy;
      break;
    case 'line':
      item.x1 += dx;
      item.x2 += dx;
      item.y1 += dy;
      item.y2 += dy;
      break;
  }
  return item;
}

/**
 * Flows the sections, one after the other, into pages of the given geometry. `footer` adds what
 * every page carries once the page count is known.
 */
export function flow(
  sections: Section[],
  geometry: PageGeometry,
  options: { maxPages?: number; footer?: (page: number, pages: number) => DrawItem[] } = {},
): FlowResult {
  const { margin } = geometry;
  const contentW = geometry.width - margin.left - margin.right;
  const bottom = geometry.height - margin.bottom;
  const fullH = bottom - margin.top;
  const pages: PageLayout[] = [];
  const newPage = (): PageLayout => {
    const page: PageLayout = { width: geometry.width, height: geometry.height, items: [], frames: [] };
    pages.push(page);
    return page;
  };
  let page = newPage();
  let y = margin.top;
  let overflow = false;

  for (const section of sections) {
    const n = section.columns;
    const colW = (contentW - (n - 1) * section.gap) / n;
    let i = 0;
    while (i < section.boxes.length && !overflow) {
      const h = bottom - y;
      let ends = columnsFor(section.boxes, i, n, h, h < fullH - EPS);
      const last = ends[ends.length - 1] ?? i;
      const finishes = last === section.boxes.length;
      if (finishes && section.balance && n > 1) {
        const balanced = balancedHeight(section.boxes, i, n, h);
        if (balanced >= (section.balanceMin ?? 0))
          ends = columnsFor(section.boxes, i, n, Math.min(h, balanced), false);
      }
      if ((ends[ends.length - 1] ?? i) === i) {
        // Nothing fits in what is left of this page.
        if (options.maxPages !== undefined && pages.length >= options.maxPages) {
          overflow = true;
          break;
        }
        page = newPage();
        y = margin.top;
        continue;
      }
      const top = y;
      const bgAt = page.items.length;
      let used = 0;
      let from = i;
      ends.forEach((end, c) => {
        const frame: Frame = { x: margin.left + c * (colW + section.gap), y: top, w: colW, h };
        page.frames.push(frame);
        used = Math.max(used, place(section.boxes, from, end, frame, page.frames.length - 1, page));
        from = end;
      });
      if (section.rule && ends.length > 1) {
        for (let c = 1; c < ends.length; c++) {
          const x = margin.left + c * (colW + section.gap) - section.gap / 2;
          const { color, width } = section.rule;
          page.items.push({ kind: 'line', x1: x, y1: top, x2: x, y2: top + used, color, width });
        }
      }
      if (section.background) {
        const { fill: color, pad, radius } = section.background;
        page.items.splice(bgAt, 0, {
          kind: 'rect',
          x: margin.left - pad,
          y: top - pad,
          w: contentW + 2 * pad,
          h: used + 2 * pad,
          fill: color,
          radius,
        });
      }
      i = from;
      y = top + used;
      if (i < section.boxes.length) {
        if (options.maxPages !== undefined && pages.length >= options.maxPages) {
          overflow = true;
          break;
        }
        page = newPage();
        y = margin.top;
      }
    }
    if (overflow) break;
    y += section.spaceAfter;
  }

  if (options.footer) {
    pages.forEach((p, k) => {
      p.items.push(...(options.footer?.(k + 1, pages.length) ?? []));
    });
  }
  return { pages, overflow, bottom: y };
}
