// TeX math typeset by MathJax into vector shapes: TeX → MathJax's SVG tree (built in memory by
// its lite DOM, no browser), walked here into paths and rectangles that the PDF draws as they
// are. MathJax takes some 0.25 s to load, so it is loaded only for packs that hold math
// (`loadMath`), and each formula is typeset once per process.
import { createRequire } from 'node:module';
import { BoundedCache } from './cache.js';
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
    // MathJax is CommonJS: required, as pdfkit is, it loads without Node's ESM wrapper.
    const require = createRequire(import.meta.url);
    const { mathjax } = require('mathjax-full/js/mathjax.js') as typeof import('mathjax-full/js/mathjax.js');
    const { TeX } = require('mathjax-full/js/input/tex.js') as typeof import('mathjax-full/js/input/tex.js');
    const { SVG } =
      require('mathjax-full/js/output/svg.js') as typeof import('mathjax-full/js/output/svg.js');
    const { liteAdaptor } =
      require('mathjax-full/js/adaptors/liteAdaptor.js') as typeof import('mathjax-full/js/adaptors/liteAdaptor.js');
    const { RegisterHTMLHandler } =
      require('mathjax-full/js/handlers/html.js') as typeof import('mathjax-full/js/handlers/html.js');
    require('mathjax-full/js/input/tex/base/BaseConfiguration.js');
    require('mathjax-full/js/input/tex/ams/AmsConfiguration.js');
    require('mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js');
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
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  cache.set(key, result);
  return result;
}

/** A formula as an inline box at a font size, scaled down to `maxWidth` when wider. */
export function formulaBox(formula: Formula, size: number, maxWidth = Number.POSITIVE_INFINITY): InlineBox {
  let scale = size / 1000;
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
      if (a.d) out.push({ kind: 'path', d: a.d, m });
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
