// The whole command line as yargs reads it: help, --version, every form of every option, and the
// messages for what is wrong. Loaded only for what the plain reader (args.ts) leaves to it.
import yargs, { type Argv } from 'yargs';
import { packageVersion } from '../build/config.js';
import { type ParsedArgs, UsageError } from './args.js';

/** The options of `argv`, or null when it asked for --help or --version, which yargs printed. */
export async function parseWithYargs(argv: string[], cores: number): Promise<ParsedArgs | null> {
  let command: ParsedArgs['command'] = 'build';
  // Options only a build has: `check --force` is refused like any unknown option.
  const buildOnly = <T>(y: Argv<T>) =>
    y
      .option('out', { type: 'string', default: 'out', describe: 'Folder the packs are written to' })
      .option('only', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'Build only the packs with these slugs',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Rebuild every pack, changed or not' })
      .option('prune', {
        type: 'boolean',
        default: false,
        describe: 'Remove the packs of guides that no longer exist',
      })
      .option('watch', {
        type: 'boolean',
        alias: 'w',
        default: false,
        describe: 'Rebuild on every change to a guide or a template',
      })
      .option('paper', {
        choices: ['a4', 'letter'] as const,
        default: 'a4' as const,
        describe: 'Paper size of the PDFs',
      })
      .option('jobs', {
        alias: 'j',
        type: 'number',
        default: cores,
        describe: `Most threads to build on, at most the number of cores (${cores}); a worker starts only for a build large enough to pay for it`,
      });
  // `build` is also the default command, and parsed as such: yargs renders the whole help text
  // after running a named command's handler (in case it fails later), a fifth of a no-op build.
  const parsed = (await yargs(argv[0] === 'build' ? argv.slice(1) : argv)
    .scriptName('studypack')
    .usage(
      '$0 <command> [options]\n\nTurns interview-preparation guides written in Markdown into study packs:\nout/<slug>/pack.json, <slug>.apkg, <slug>.anki.csv, <slug>.cheatsheet.pdf, <slug>.summary.pdf and <slug>.answers.pdf.',
    )
    .command(
      ['build [files..]', '$0'],
      'Build the packs of the guides that changed',
      (y) =>
        buildOnly(y)
          .positional('files', {
            type: 'string',
            array: true,
            describe:
              'Guide files to build (default: every .md in --guides but those its .studypackignore excludes; a file named here is built even if excluded)',
          })
          .example('$0 build', 'Build every guide of guides/ into out/, skipping what did not change')
          .example('$0 build guides/stash.md --force', 'Rebuild one guide even if it did not change')
          .example('$0 build --watch', 'Rebuild whenever a guide or a template changes')
          .example('$0 build --paper letter --prune', 'US Letter PDFs; remove packs of deleted guides')
          .example('$0 build --json > report.json', 'Machine-readable report of what changed'),
      () => {
        command = 'build';
      },
    )
    .command(
      'check [files..]',
      'Report problems in the guides without writing anything',
      (y) =>
        y
          .positional('files', {
            type: 'string',
            array: true,
            describe:
              'Guide files to check (default: every .md in --guides but those its .studypackignore excludes; a file named here is checked even if excluded)',
          })
          .option('out', {
            type: 'string',
            describe:
              'Folder of the packs, to list those whose guide is gone (default: out, when --guides is not given)',
          })
          .example('$0 check', 'List the problems of every guide as file:line:col severity message rule-id')
          .example('$0 check --json', 'The same as JSON on stdout'),
      () => {
        command = 'check';
      },
    )
    .option('guides', { type: 'string', default: 'guides', describe: 'Folder holding the guides' })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print one machine-readable report on stdout',
    })
    .option('quiet', { type: 'boolean', alias: 'q', default: false, describe: 'Print nothing but errors' })
    .check((a) => {
      const jobs = a.jobs as number | undefined;
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) {
        const given = Number.isNaN(jobs) ? 'a word' : String(jobs);
        throw new UsageError(`--jobs must be a whole number of at least 1, not ${given}`);
      }
      for (const name of ['guides', 'out'] as const) {
        const value = a[name] as unknown;
        if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
          throw new UsageError(`--${name} needs a folder, as in --${name} ${name}`);
      }
      if (((a.only as unknown[] | undefined) ?? []).some((s) => String(s).trim() === ''))
        throw new UsageError('--only needs a slug, as in --only podscribe');
      return true;
    })
    .strict()
    .help()
    .alias('h', 'help')
    // Its own version, not that of a package.json yargs would look for from the current folder.
    .version(packageVersion())
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync()) as Record<string, unknown> & { guides: string; json: boolean; quiet: boolean };
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--version')) return null;
  const jobs = parsed.jobs as number | undefined;
  const out = parsed.out as string | undefined;
  return {
    command,
    guides: parsed.guides,
    ...(out !== undefined ? { out } : {}),
    files: ((parsed.files as unknown[] | undefined) ?? []).map(String),
    only: ((parsed.only as unknown[] | undefined) ?? []).map(String),
    force: parsed.force === true,
    prune: parsed.prune === true,
    watch: parsed.watch === true,
    paper: parsed.paper === 'letter' ? 'letter' : 'a4',
    ...(jobs !== undefined ? { jobs } : {}),
    json: parsed.json,
    quiet: parsed.quiet,
  };
}
