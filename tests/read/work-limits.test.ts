// One guide never takes the build down: a guide that asks for more work than the bounds allow
// (a huge table or list, thousands of headings, the Markdown shapes micromark is slow on) fails
// with the line and the bound, before it is parsed, and the other guides still build.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { WORK_LIMITS, workExcess } from '../../src/read/work-limits.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('the work a guide may ask for', () => {
  it('finds the line where each bound is passed', () => {
    const cases: [string, keyof typeof WORK_LIMITS, number][] = [
      [
        `# T\n\n|${'h|'.repeat(200)}\n|${'-|'.repeat(200)}\n${`|${'a|'.repeat(200)}\n`.repeat(300)}`,
        'tableCells',
        52,
      ],
      [`# L\n\n${'- a\n'.repeat(5_001)}`, 'listItems', 5_003],
      ['# h\n'.repeat(10_001), 'headings', 10_001],
      [`> x\n${'lazy\n'.repeat(1_001)}`, 'lazyLines', 1_002],
      [`${'['.repeat(3_000)}a${']'.repeat(3_000)}\n`, 'brackets', 1],
      [`${'> - '.repeat(50)}x\n`.repeat(50), 'nesting', 11],
      [`# E\n\n${'**x** '.repeat(501)}\n`, 'inlineMarks', 3],
      ['x\n\n'.repeat(30_001), 'blocks', 60_001],
      [`# C\n\n\`\`\`\n${`${'x'.repeat(99)}\n`.repeat(3_000)}\`\`\`\n`, 'codeChars', 1_314],
      [`# E\n\n${`${'**x** '.repeat(250)}\n\n`.repeat(101)}`, 'marks', 203],
      [`# I\n\n${'![a](b.png)\n\n'.repeat(2_001)}`, 'images', 4_003],
      [`# M\n\n${'$x$ '.repeat(5_001)}\n`, 'dollars', 3],
    ];
    for (const [text, limit, line] of cases) {
      const excess = workExcess(text);
      expect(excess, limit).toMatchObject({ limit, line });
      expect(excess?.message).toContain(WORK_LIMITS[limit].toLocaleString('en-US'));
    }
  });

  it('leaves real guides and code blocks alone', () => {
    expect(workExcess(`# Q?\n\n\`\`\`\n${'| a | b |\n- x\n# y\n'.repeat(6_000)}\`\`\`\n`)).toBeNull();
    // Marks and dollars count per paragraph and per guide as written: prose, prices, snake_case.
    const prose = '## Why *this*?\n\nIt costs $5 a month, `run_job` and **more** of it.\n\n';
    expect(workExcess(prose.repeat(2_000))).toBeNull();
    expect(
      workExcess(`${'## Why?\n\n- a [link](b) and | pipes |\n\n> quoted\n> lines\n\n'.repeat(2_000)}`),
    ).toBeNull();
  });

  it('fails a 5,000 x 200 table guide with its line and the bound, and builds the others', async () => {
    const root = mkdtempSync(join(tmpdir(), 'studypack-work-'));
    const guides = join(root, 'guides');
    mkdirSync(guides);
    cpSync(join(ROOT, 'guides', 'stash.md'), join(guides, 'stash.md'));
    const table = `# Table\n\n## What is in it?\n\n|${'h|'.repeat(200)}\n|${'-|'.repeat(200)}\n${`|${'a|'.repeat(200)}\n`.repeat(5_000)}`;
    expect(table.length).toBeLessThan(2 * 1024 * 1024);
    writeFileSync(join(guides, 'table.md'), table);
    const report = await build({ guidesDir: guides, outDir: join(root, 'out'), jobs: 1 });
    const failed = report.guides.find((g) => g.slug === 'table');
    expect(failed?.status).toBe('failed');
    expect(failed?.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'too-complex', line: 54, severity: 'error' }),
    ]);
    expect(failed?.diagnostics[0]?.message).toMatch(/More than 10,000 table cells by line 54/);
    expect(report.guides.find((g) => g.slug === 'stash')?.status).toBe('built');
  });
});
