// npm run build: compiles src/ into dist/. By default the program is bundled with esbuild into a
// few files (dist/cli.js, dist/build/worker.js and shared chunks in dist/build/), because Node
// loads one large module far faster than the few hundred small ones the Markdown parser is made
// of: `studypack --help` starts in about half the time. Code that only some runs need (the PDF
// renderers, the parser for a no-op build) stays in chunks loaded on first use.
//
//   node scripts/build.mjs            bundle (what `npm install` and `npm run build` do)
//   node scripts/build.mjs --modules  one .js file per source file (tsc), for profiling by module
//   node scripts/build.mjs --modules --outdir DIR
//                                     the same into DIR (inside the package), leaving dist/ alone:
//                                     what the Anki check imports single modules from
//
// Type checking is `npm test`'s job (tsc --noEmit); this only emits.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

const outdirAt = process.argv.indexOf('--outdir');
const OUT = outdirAt > 0 && process.argv[outdirAt + 1] ? resolve(ROOT, process.argv[outdirAt + 1]) : DIST;
rmSync(OUT, { recursive: true, force: true });

if (process.argv.includes('--modules')) {
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  process.exit(tsc.status ?? 1);
}
if (OUT !== DIST) throw new Error('--outdir is for --modules only: the bundle is always dist/');

const { build } = await import('esbuild');
await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli.ts', 'src/build/worker.ts', 'src/build/pdf-worker.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'build/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages that read their own files next to their code (pdfkit's font metrics, sql.js's
  // WebAssembly), or that pdfkit loads itself (fontkit), or that are CommonJS with lazy requires
  // (svg-to-pdfkit), stay in node_modules; so does `ignore`, required only when a guides folder
  // has a .studypackignore. MathJax is bundled, into a chunk loaded only for packs with math.
  external: ['pdfkit', 'fontkit', 'handlebars', 'iconv-lite', 'sql.js', 'svg-to-pdfkit', 'ignore'],
  // CommonJS packages bundled into ESM (yaml) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as studypackCreateRequire } from 'node:module'; const require = studypackCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(join(DIST, 'cli.js'), 0o755);

// The hash of the bundle, which a build's options hash includes instead of reading every file of
// dist/ each time (src/build/config.ts, CODE_HASH_FILE): names, sizes and contents, in order.
const hash = createHash('sha256');
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
for (const file of files(DIST)) {
  const bytes = readFileSync(file);
  hash.update(`${relative(DIST, file)}\0${bytes.length}\0`);
  hash.update(bytes);
}
writeFileSync(join(DIST, 'code-hash.txt'), `${hash.digest('hex')}\n`);
