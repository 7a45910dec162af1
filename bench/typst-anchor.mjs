// The anchor of `npm run bench`: the same guide's text typeset by Typst, a compiler written for
// speed, as a PDF of every question and its full answer. The guide is read with remark-parse and
// written as Typst markup (headings, paragraphs, lists, quotes, tables as rows, code as raw
// blocks); the whole process is timed by the bench, as studypack's builds are.
// Usage: node bench/typst-anchor.mjs GUIDE.md OUT.pdf
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toString as textOf } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const [guide, out] = process.argv.slice(2);
if (!guide || !out) {
  process.stderr.write('usage: node bench/typst-anchor.mjs GUIDE.md OUT.pdf\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const FONTS = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** Text as Typst markup reads it: every character with a meaning of its own escaped. */
const typstText = (text) => text.replace(/[\\#$*_@<>`~=/[\]\-+'"]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

/** One mdast block as Typst markup. */
function block(node) {
  switch (node.type) {
    case 'heading':
      return `${'='.repeat(Math.min(node.depth, 6))} ${typstText(textOf(node))}`;
    case 'paragraph':
      return typstText(textOf(node));
    case 'list':
      return node.children.map((item) => `- ${typstText(textOf(item))}`).join('\n');
    case 'blockquote':
      return `#quote[${typstText(textOf(node))}]`;
    case 'table':
      return node.children
        .map((row) => typstText(row.children.map((c) => textOf(c)).join(' | ')))
        .join('\\\n');
    case 'code': {
      const fence = '`'.repeat(Math.max(3, ...[...node.value.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return `${fence}${/^[a-z]+$/i.test(node.lang ?? '') ? node.lang : ''}\n${node.value}\n${fence}`;
    }
    default:
      return textOf(node) === '' ? '' : typstText(textOf(node));
  }
}

const tree = unified().use(remarkParse).parse(readFileSync(guide, 'utf8'));
const markup = [
  '#set page(paper: "a4", columns: 2, margin: 1.5cm)',
  '#set text(font: "DejaVu Sans", size: 8pt)',
  ...tree.children.map(block).filter((b) => b !== ''),
].join('\n\n');
const compiler = NodeCompiler.create({ workspace: dirname(guide), fontArgs: [{ fontPaths: [FONTS] }] });
writeFileSync(out, compiler.pdf({ mainFileContent: markup }));
