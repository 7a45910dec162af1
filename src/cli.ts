#!/usr/bin/env node
// The command line: argv → options, run, print, and set the exit code in exactly one place.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type BuildReport, build } from './build/index.js';
import { formatDiagnostic } from './errors.js';

/** A usage error: bad option or value. Exit status 2. */
export class UsageError extends Error {}

export interface CliOptions {
  /** `info` when --help or --version was printed and there is nothing to run. */
  command: 'build' | 'check' | 'info';
  guidesDir: string;
  outDir: string;
  files: string[];
  only: string[];
  json: boolean;
  quiet: boolean;
}

/** Parses argv without running anything, so option handling is testable in-process. */
export async function parseCli(argv: string[]): Promise<CliOptions> {
  let command: CliOptions['command'] = 'build';
  const parsed = await yargs(argv)
    .scriptName('studypack')
    .usage(
      '$0 <command> [options]\n\nTurns interview-preparation guides written in Markdown into study packs.',
    )
    .command(
      ['build [files..]', '$0'],
      'Build the packs of every guide in --guides (or the guides named) into --out',
      (y) =>
        y.positional('files', {
          type: 'string',
          array: true,
          describe: 'Guide files to build (default: every .md in --guides)',
        }),
      () => {
        command = 'build';
      },
    )
    .command(
      'check [files..]',
      'Report problems in the guides without writing anything',
      (y) => y.positional('files', { type: 'string', array: true, describe: 'Guide files to check' }),
      () => {
        command = 'check';
      },
    )
    .option('guides', { type: 'string', default: 'guides', describe: 'Folder holding the guides' })
    .option('out', { type: 'string', default: 'out', describe: 'Folder the packs are written to' })
    .option('only', {
      type: 'string',
      array: true,
      default: [],
      describe: 'Build only the packs with these slugs',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print one machine-readable report on stdout',
    })
    .option('quiet', { type: 'boolean', alias: 'q', default: false, describe: 'Print nothing but errors' })
    .example('$0 build', 'Build every guide of guides/ into out/')
    .example('$0 build guides/stash.md', 'Build one guide')
    .example('$0 check', 'List the problems found in every guide, as file:line:col')
    .strict()
    .help()
    .version()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync();
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--version')) command = 'info';
  const files = (parsed.files as string[] | undefined) ?? [];
  return {
    command,
    guidesDir: parsed.guides,
    outDir: parsed.out,
    files: files.map(String),
    only: parsed.only.map(String),
    json: parsed.json,
    quiet: parsed.quiet,
  };
}

function printReport(report: BuildReport, options: CliOptions): void {
  const err = (line: string): boolean => process.stderr.write(`${line}\n`);
  for (const g of report.guides) {
    for (const d of g.diagnostics) {
      if (options.quiet && d.severity !== 'error') continue;
      if (d.severity === 'info' && options.command === 'build') continue;
      err(formatDiagnostic(d));
    }
    if (!options.quiet) {
      const what =
        g.status === 'built'
          ? `built out/${g.slug}/ (${g.entries} questions)`
          : g.status === 'checked'
            ? `${g.entries} questions`
            : 'failed: last good outputs kept';
      err(`${g.file}: ${what}`);
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = await parseCli(argv);
  } catch (e) {
    process.stderr.write(`studypack: ${e instanceof Error ? e.message : String(e)} (see studypack --help)\n`);
    return 2;
  }
  if (options.command === 'info') return 0;
  if (
    options.files.length === 0 &&
    !(existsSync(options.guidesDir) && statSync(options.guidesDir).isDirectory())
  ) {
    process.stderr.write(
      `studypack: the guides folder "${options.guidesDir}" does not exist (set it with --guides).\n`,
    );
    return 2;
  }
  const report = build({
    guidesDir: options.guidesDir,
    outDir: options.outDir,
    files: options.files,
    only: options.only,
    checkOnly: options.command === 'check',
  });
  printReport(report, options);
  return report.ok ? 0 : 1;
}

/** True when this module is the program being run (also through npm's bin symlink). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`studypack: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
