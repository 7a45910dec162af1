// The plain reader of the command line: whatever it reads, it reads as yargs does; the rest it
// leaves to yargs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainArgs } from '../../src/cli/args.js';
import { parseCli } from '../../src/cli.js';

/** What command lines are made of: options, values good and bad, words yargs reads its own way. */
const TOKENS = [
  'build',
  'check',
  'help',
  '-q',
  '--quiet',
  '--json',
  '--force',
  '--prune',
  '-w',
  '--watch',
  '--guides',
  '--out',
  '--paper',
  '--jobs',
  '-j',
  '--only',
  '--no-force',
  '--guides=g',
  '-qj',
  '--',
  'a4',
  'letter',
  'a5',
  '1',
  '2',
  '0',
  '08',
  '200',
  '1e3',
  '0x10',
  '.5',
  '-1',
  'true',
  'false',
  'g',
  'out',
  'a.md',
  '1.md',
  'notes/stash.md',
  'a b.md',
  'x=y',
  ' ',
];

/** parseCli's answer, or the message it fails with. */
async function outcome(argv: string[], plain: boolean): Promise<unknown> {
  try {
    return await parseCli(argv, { plain });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

describe('readPlainArgs', () => {
  it('reads the command lines of a build and a check', () => {
    expect(readPlainArgs(['build', '-q', '--guides', 'g', '--out', 'o'])).toMatchObject({
      command: 'build',
      guides: 'g',
      out: 'o',
      quiet: true,
    });
    expect(readPlainArgs([])).toMatchObject({ command: 'build', guides: 'guides', out: 'out', files: [] });
    expect(readPlainArgs(['check', 'a.md', '--json'])).toMatchObject({
      command: 'check',
      files: ['a.md'],
      json: true,
    });
    expect(readPlainArgs(['check'])).not.toHaveProperty('out');
  });

  it('leaves help, repeated options, --only and the options of build given to check to yargs', () => {
    for (const argv of [
      ['--help'],
      ['--version'],
      ['-q', '-q'],
      ['--only', 'x'],
      ['check', '--force'],
      ['--force', 'false'],
      ['-q', 'build'],
      ['--jobs', '1.5'],
    ])
      expect(readPlainArgs(argv), argv.join(' ')).toBeNull();
  });

  it('reads every command line it takes as yargs reads it', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 7 }), async (argv) => {
        if (!readPlainArgs(argv)) return;
        compared++;
        expect(await outcome(argv, true), argv.join(' ')).toEqual(await outcome(argv, false));
      }),
      { numRuns: 1500 },
    );
    expect(compared).toBeGreaterThan(50);
  });
});
