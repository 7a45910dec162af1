// TeX math typeset by MathJax into vector shapes: TeX → MathJax's SVG tree (built in memory by
// its lite DOM, no browser), walked here into paths and rectangles that the PDF draws as they
// are. MathJax takes about 0.1 s to load, so it is loaded only for packs that hold math
// (`loadMath`), and each formula is typeset once per process.
import { BoundedCache } from '../cache.js';
import type { InlineBox, Matrix, VectorShape } from './types.js';

/** A typeset formula in MathJax's units (a thousandth of an em), y down, baseline at 0. */
export interface Formula {
  width: number;
  ascent: number;
  descent: number;
  shapes: VectorShape[];
}

export type Typeset = { ok: true; formula: Formula } | { ok: false; error: string };

interface LiteNode {
  kind: string;
  attributes?: Record<string, string>;
  children?: LiteNode[];
}

interface MathDocument {
  convert(tex: string, options: { display: boolean }): LiteNode;
}

let doc: MathDocument | null = null;
let loading: Promise<void> | null = null;

/** Loads MathJax (TeX in, SVG out) unless it already is. */
export function loadMath(): Promise<void> {
  loading ??= (async () => {
    const { liteAdaptor, mathjax, RegisterHTMLHandler, SVG, TeX } = await import('./mathjax.js');
    const adaptor = liteAdaptor();
    RegisterHTMLHandler(adaptor);
    // Without the `noundefined` package an unknown command is an error, like a missing brace:
    // the formula then prints as code with a warning, rather than in red inside the formula.
    const tex = new TeX({
      packages: ['base', 'ams', 'newcommand'],
      formatError: (_jax: unknown, err: Error) => {
        throw err;
      },
    });
    const svg = new SVG({ fontCache: 'none' });
    doc = mathjax.document('', { InputJax: tex, OutputJax: svg }) as unknown as MathDocument;
  })();
  return loading;
}

/** True once `loadMath` has finished: formulas can then be typeset synchronously. */
export function mathLoaded(): boolean {
  return doc !== null;
}

/** Whether Markdown text may hold math: a `$` anywhere. */
export function mayHoldMath(text: string): boolean {
  return text.includes('$');
}

const cache = new BoundedCache<string, Typeset>(2000);

/** The formula typeset, from the cache when it was typeset before. */
export function typeset(tex: string, display: boolean): Typeset {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let result = cache.get(key);
  if (result) return result;
  if (!doc) return { ok: false, error: 'math is not loaded' };
  try {
    result = { ok: true, formula: toFormula(doc.convert(tex, { display })) };
  } catch (err) {
    // MathJax's TeX errors are not Error objects, but carry a message.
    const message = (err as { message?: unknown } | null)?.message;
    result = { ok: false, error: typeof message === 'string' ? message : String(err) };
  }
  cache.set(key, result);
  return result;
}

/**
 * MathJax's TeX fonts are small beside DejaVu Sans at one size (x-heights of about 0.43 and
 * 0.55 em): formulas are set this much larger, so that their letters match the text's.
 */
const MATH_SCALE = 1.15;

/** A formula as an inline box at a font size, scaled down to `maxWidth` when wider. */
export function formulaBox(formula: Formula, size: number, maxWidth = Number.POSITIVE_INFINITY): InlineBox {
  let scale = (size * MATH_SCALE) / 1000;
  if (formula.width * scale > maxWidth && maxWidth > 0) scale = maxWidth / formula.width;
  return {
    width: formula.width * scale,
    ascent: formula.ascent * scale,
    descent: formula.descent * scale,
    draw: (x, baseline, color) => [{ kind: 'vector', x, y: baseline, scale, color, shapes: formula.shapes }],
  };
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** An SVG `transform` attribute as one matrix. */
export function parseTransform(text: string | undefined): Matrix {
  let m = IDENTITY;
  if (!text) return m;
  for (const [, name, args] of text.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const v = (args ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const [a = 0, b, c, d, e, f] = v;
    switch (name) {
      case 'translate':
        m = multiply(m, [1, 0, 0, 1, a, b ?? 0]);
        break;
      case 'scale':
        m = multiply(m, [a, 0, 0, b ?? a, 0, 0]);
        break;
      case 'matrix':
        m = multiply(m, [a, b ?? 0, c ?? 0, d ?? 0, e ?? 0, f ?? 0]);
        break;
      case 'rotate': {
        const r = (a * Math.PI) / 180;
        m = multiply(m, [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]);
        break;
      }
      default:
        throw new Error(`the SVG transform ${name} is not drawn`);
    }
  }
  return m;
}

const num = (v: string | undefined): number => Number.parseFloat(v ?? '0') || 0;

/** MathJax's output (a container holding one svg) as shapes, ascent and descent. */
function toFormula(container: LiteNode): Formula {
  const svg = container.children?.find((c) => c.kind === 'svg');
  const box = svg?.attributes?.viewBox?.split(/[\s,]+/).map(Number);
  if (!svg || !box || box.length !== 4) throw new Error('MathJax gave no SVG');
  const [, minY = 0, width = 0, height = 0] = box;
  const shapes: VectorShape[] = [];
  for (const child of svg.children ?? []) walk(child, IDENTITY, shapes);
  return { width, ascent: -minY, descent: height + minY, shapes };
}

function walk(node: LiteNode, parent: Matrix, out: VectorShape[]): void {
  const a = node.attributes ?? {};
  const m = multiply(parent, parseTransform(a.transform));
  switch (node.kind) {
    case 'g':
      for (const child of node.children ?? []) walk(child, m, out);
      return;
    case 'svg': {
      // Nested svg (stretched delimiters): placed at x, y; a viewBox of its own is not scaled.
      const inner = multiply(m, [1, 0, 0, 1, num(a.x), num(a.y)]);
      for (const child of node.children ?? []) walk(child, inner, out);
      return;
    }
    case 'path':
      if (a.d) out.push({ kind: 'path', ops: pathOps(a.d), m });
      return;
    case 'rect': {
      const stroke = a.fill === 'none' ? num(a['stroke-width']) || 1 : undefined;
      out.push({ kind: 'rect', x: num(a.x), y: num(a.y), w: num(a.width), h: num(a.height), m, stroke });
      return;
    }
    case 'line':
      out.push({
        kind: 'line',
        x1: num(a.x1),
        y1: num(a.y1),
        x2: num(a.x2),
        y2: num(a.y2),
        m,
        stroke: num(a['stroke-width']) || 1,
      });
      return;
    case 'title':
    case 'defs':
    case '#text':
    case '#comment':
      return;
    case 'text':
      // A character MathJax's fonts lack is set as text in a browser font: there is none here.
      throw new Error('it holds a character the math fonts do not have');
    default:
      throw new Error(`MathJax drew a <${node.kind}>, which is not printed`);
  }
}

const fmt = (n: number): string => {
  const r = Math.round(n * 100) / 100;
  return String(r === 0 ? 0 : r);
};

/**
 * SVG path data as PDF path operators, quadratic curves raised to cubic ones. Written here
 * rather than drawn with pdfkit's `path()`, which misplaces a `T` that follows another `T`
 * (MathJax's glyph outlines are full of them) and would parse each glyph again for every page.
 */
export function pathOps(d: string): string {
  const tokens = d.match(/[MmLlHhVvCcSsQqTtZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const ops: string[] = [];
  let i = 0;
  let cmd = '';
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  // The last control point, for the smooth curves S and T to reflect.
  let qx: number | null = null;
  let qy: number | null = null;
  let cx: number | null = null;
  let cy: number | null = null;
  const next = (): number => Number(tokens[i++]);
  const cubic = (x1: number, y1: number, x2: number, y2: number, ex: number, ey: number) => {
    ops.push(`${fmt(x1)} ${fmt(y1)} ${fmt(x2)} ${fmt(y2)} ${fmt(ex)} ${fmt(ey)} c`);
  };
  const quad = (kx: number, ky: number, ex: number, ey: number) => {
    cubic(
      x + (2 / 3) * (kx - x),
      y + (2 / 3) * (ky - y),
      ex + (2 / 3) * (kx - ex),
      ey + (2 / 3) * (ky - ey),
      ex,
      ey,
    );
  };
  while (i < tokens.length) {
    const t = tokens[i] as string;
    if (/[A-Za-z]/.test(t)) {
      cmd = t;
      i++;
      if (cmd === 'Z' || cmd === 'z') {
        ops.push('h');
        x = sx;
        y = sy;
        qx = qy = cx = cy = null;
        continue;
      }
    }
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    let isQuad = false;
    let isCubic = false;
    switch (cmd.toUpperCase()) {
      case 'M':
        x = ox + next();
        y = oy + next();
        sx = x;
        sy = y;
        ops.push(`${fmt(x)} ${fmt(y)} m`);
        cmd = rel ? 'l' : 'L'; // further pairs are lines
        break;
      case 'L':
        x = ox + next();
        y = oy + next();
        ops.push(`${fmt(x)} ${fmt(y)} l`);
        break;
      case 'H':
        x = (rel ? x : 0) + next();
        ops.push(`${fmt(x)} ${fmt(y)} l`);
        break;
      case 'V':
        y = (rel ? y : 0) + next();
        ops.push(`${fmt(x)} ${fmt(y)} l`);
        break;
      case 'C':
      case 'S': {
        // `S` takes its first control point as the mirror of the last curve's second.
        const smooth = cmd.toUpperCase() === 'S';
        const x1: number = smooth ? (cx === null ? x : 2 * x - cx) : ox + next();
        const y1: number = smooth ? (cy === null ? y : 2 * y - (cy as number)) : oy + next();
        const x2 = ox + next();
        const y2 = oy + next();
        const ex = ox + next();
        const ey = oy + next();
        cubic(x1, y1, x2, y2, ex, ey);
        cx = x2;
        cy = y2;
        x = ex;
        y = ey;
        isCubic = true;
        break;
      }
      case 'Q':
      case 'T': {
        // `T` takes its control point as the mirror of the last curve's.
        const smooth = cmd.toUpperCase() === 'T';
        const kx: number = smooth ? (qx === null ? x : 2 * x - qx) : ox + next();
        const ky: number = smooth ? (qy === null ? y : 2 * y - (qy as number)) : oy + next();
        const ex = ox + next();
        const ey = oy + next();
        quad(kx, ky, ex, ey);
        qx = kx;
        qy = ky;
        x = ex;
        y = ey;
        isQuad = true;
        break;
      }
      default:
        throw new Error(`the SVG path command ${cmd || tokens[i]} is not drawn`);
    }
    if (!isQuad) qx = qy = null;
    if (!isCubic) cx = cy = null;
  }
  return ops.join(' ');
}
