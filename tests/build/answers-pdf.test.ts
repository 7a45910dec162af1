// The answers PDF in a build: written with the pack's other files, its pictures found beside the
// guide wherever the guides folder is, and removed by --prune like them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';

const PNG = new URL('../fixtures/pdf-answers-rich/img/pipeline.png', import.meta.url).pathname;

const GUIDE = `# Ledger

## How does a transfer flow?

Through the API, then the store:

![The request path](img/pipeline.png)

Cost: $O(1)$ per transfer, and
the broken one: $\\frac{a}{b$ as written.
`;

describe('the answers PDF in a build', () => {
  it('finds pictures beside a guide outside the working folder, warns of a bad formula at its line, and --prune removes it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'studypack-answers-build-'));
    const guides = join(root, 'guides');
    const out = join(root, 'out');
    mkdirSync(join(guides, 'img'), { recursive: true });
    copyFileSync(PNG, join(guides, 'img', 'pipeline.png'));
    writeFileSync(join(guides, 'ledger.md'), GUIDE);
    const report = await build({ guidesDir: guides, outDir: out, jobs: 1 });
    expect(report.guides.map((g) => g.status)).toEqual(['built']);
    expect(report.guides[0]?.rewritten).toContain('ledger/ledger.answers.pdf');
    expect((report.guides[0]?.diagnostics ?? []).filter((d) => d.ruleId.startsWith('image-'))).toEqual([]);
    // One warning for the three PDFs, at the formula's own line and column.
    const formulas = (report.guides[0]?.diagnostics ?? []).filter((d) => d.ruleId === 'math-invalid');
    // Messages name the guide by its path from where the command ran.
    const shown = relative(process.cwd(), join(guides, 'ledger.md'));
    expect(formulas.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([`${shown}:10:18`]);
    const pdf = join(out, 'ledger', 'ledger.answers.pdf');
    const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
    expect(list).toMatch(/\s240\s+120\s/);
    rmSync(join(guides, 'ledger.md'));
    await build({ guidesDir: guides, outDir: out, prune: true, jobs: 1 });
    expect(existsSync(pdf)).toBe(false);
  });
});
