#!/usr/bin/env node
// The command line: argv → options, run, print, and set the exit code in exactly one place.
// People read stderr (one line per guide, warnings as file:line:col); programs read stdout (--json).
import { existsSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WATCHED_CONFIG_DIRS } from './build/config.js';
import { outProblem } from './build/folders.js';
import { type BuildReport, build, type GuideReport } from './build/index.js';
import { fileKind } from './build/scan.js';
import { type ParsedArgs, readPlainArgs, UsageError } from './cli/args.js';
import { stderrIsTerminal, writeStderr } from './cli/stderr.js';
import { formatDiagnostic, problemMessage, RULES } from './errors.js';

export { UsageError };

/** The command line as it runs: what was asked (ParsedArgs), with folders and jobs settled. */
export interface CliOptions
  extends Pick<ParsedArgs, 'files' | 'only' | 'force' | 'prune' | 'watch' | 'paper' | 'json' | 'quiet'> {
  /** `info` when --help or --version was printed and there is nothing to run. */
  command: 'build' | 'check' | 'info';
  guidesDir: string;
  outDir: string;
  /** For `check`: whether to compare the guides with `outDir` (given, or both folders the defaults). */
  compareOut: boolean;
  jobs: number;
}

/** Parses argv without running anything, so option handling is testable in-process. */
export async function parseCli(argv: string[], options: { plain?: boolean } = {}): Promise<CliOptions> {
  // yargs lets `--out` without a value fall back to the default: an error here instead.
  for (const [i, arg] of argv.entries()) {
    const name = /^--(guides|out|only|paper|jobs)$|^-(j)$/.exec(arg)?.slice(1).find(Boolean);
    const next = argv[i + 1];
    if (name && (next === undefined || /^-[^\d]/.test(next))) throw new UsageError(`${arg} needs a value`);
  }
  const cores = availableParallelism();
  // The plain forms are read here; the rest (and --help) by yargs, loaded for it. `plain: false`
  // sends everything to yargs, which the tests compare the plain reader with.
  const parsed =
    (options.plain === false ? null : readPlainArgs(argv)) ??
    (await (await import('./cli/yargs.js')).parseWithYargs(argv, cores));
  if (!parsed) return { ...infoOptions, jobs: cores };
  const given = (name: string) => argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return {
    command: parsed.command,
    guidesDir: parsed.guides,
    outDir: parsed.out ?? 'out',
    compareOut: given('out') || (!given('guides') && parsed.files.length === 0),
    files: parsed.files,
    only: parsed.only,
    force: parsed.force,
    prune: parsed.prune,
    watch: parsed.watch,
    paper: parsed.paper,
    // More threads than cores only cost memory: each loads and warms up its own copy of the code.
    jobs: Math.min(parsed.jobs ?? cores, cores),
    json: parsed.json,
    quiet: parsed.quiet,
  };
}

/** What --help and --version leave to do: nothing. */
const infoOptions: Omit<CliOptions, 'jobs'> = {
  command: 'info',
  guidesDir: 'guides',
  outDir: 'out',
  compareOut: false,
  files: [],
  only: [],
  force: false,
  prune: false,
  watch: false,
  paper: 'a4',
  json: false,
  quiet: false,
};

const err = (line: string): void => {
  writeStderr(`${line}\n`);
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** An output folder relative to the current folder, as the guides are shown (`../site/out`). */
function shownDir(outDir: string): string {
  const rel = relative(process.cwd(), resolve(outDir));
  return (rel === '' ? '.' : isAbsolute(rel) ? resolve(outDir) : rel).replaceAll(sep, '/');
}

/** One line per guide, then its warnings, then what changed in it. */
export function describeGuide(
  g: GuideReport,
  options: Pick<CliOptions, 'quiet' | 'command' | 'outDir'>,
): string[] {
  const out = shownDir(options.outDir);
  const lines: string[] = [];
  const shown = g.diagnostics.filter((d) =>
    options.quiet ? d.severity === 'error' : d.severity !== 'info' || options.command === 'check',
  );
  if (!options.quiet) {
    const c = g.changes;
    const head =
      g.status === 'built'
        ? `built   ${g.file} → ${out}/${g.slug}/ (${plural(g.entries, 'question')})`
        : g.status === 'unchanged'
          ? `skipped ${g.file} (unchanged)`
          : g.status === 'checked'
            ? `checked ${g.file} (${plural(g.entries, 'question')})`
            : g.status === 'skipped'
              ? `skipped ${g.file}: ${whySkipped(g, options.command, out)}`
              : `FAILED  ${g.file}${options.command === 'check' ? '' : ': last good outputs kept'}`;
    lines.push(head);
    if (g.status === 'checked') lines.push(`        ${coverage(g)}`);
    if (g.status === 'skipped') lines.push(`        ${RULES['no-questions'].hint}`);
    if (g.status === 'built') {
      const parts = [
        c.added.length && `${c.added.length} added`,
        c.changed.length && `${c.changed.length} changed`,
        c.reworded.length && `${c.reworded.length} reworded (id kept)`,
        c.removed.length && `${c.removed.length} removed`,
      ].filter(Boolean);
      if (parts.length) lines.push(`        ${parts.join(', ')}`);
      // A first build adds everything: the count says it all.
      if (c.added.length < g.entries) for (const q of c.added) lines.push(`        + ${q}`);
      for (const q of c.changed) lines.push(`        ~ ${q}`);
      for (const r of c.reworded) lines.push(`        ≈ "${r.from}" → "${r.to}"`);
      for (const q of c.removed)
        lines.push(`        - ${q} (its Anki note stays; delete it there if you no longer want it)`);
      lines.push(`        ${whatToRedo(g, out)}`);
    }
  }
  for (const d of shown) lines.push(formatDiagnostic(d));
  return lines;
}

/**
 * Where a guide's text went: "41 questions (3 without answer); not used: lines 12–30 (## Links)".
 * Read from the guide's diagnostics, which name every part that became nothing.
 */
export function coverage(g: Pick<GuideReport, 'entries' | 'diagnostics'>): string {
  const open = g.diagnostics.filter((d) => d.ruleId === 'question-without-answer').length;
  const head = `${plural(g.entries, 'question')}${open > 0 ? ` (${open} without answer)` : ''}`;
  const unused = g.diagnostics
    .filter((d) => d.ruleId === 'section-not-used' || d.ruleId === 'notes-not-used')
    .map((d) => {
      const m = /^(Lines? [\d–]+) (?:under "(.*?)"|before any section)/.exec(d.message);
      return m ? `${m[1]?.toLowerCase()}${m[2] ? ` (${m[2]})` : ''}` : `line ${d.line}`;
    });
  return unused.length > 0 ? `${head}; not used: ${unused.join(', ')}` : `${head}; every part used`;
}

/** Why a guide got no pack, and what became of the one an earlier build made. */
function whySkipped(g: GuideReport, command: CliOptions['command'], out: string): string {
  if (command === 'check') return 'no questions found, so no pack would be made';
  if (g.outputs.length === 0) return 'no questions found, so no pack was made';
  return `no questions found; ${out}/${g.slug}/ is kept from an earlier build, left out of ${out}/all.*`;
}

/** What the user has to do again after a guide was built: by the files whose bytes changed. */
function whatToRedo(g: GuideReport, out: string): string {
  const changed = (name: string): boolean => g.rewritten.includes(`${g.slug}/${name}`);
  const todo = [
    changed(`${g.slug}.apkg`)
      ? `re-import ${out}/${g.slug}/${g.slug}.apkg (or ${g.slug}.anki.csv)`
      : changed(`${g.slug}.anki.csv`) && `re-import ${out}/${g.slug}/${g.slug}.anki.csv`,
    changed(`${g.slug}.cheatsheet.pdf`) && `re-print ${out}/${g.slug}/${g.slug}.cheatsheet.pdf`,
    changed(`${g.slug}.summary.pdf`) && `re-print ${out}/${g.slug}/${g.slug}.summary.pdf`,
    changed(`${g.slug}.answers.pdf`) && `re-print ${out}/${g.slug}/${g.slug}.answers.pdf`,
    // The CSV deck names its images; Anki finds them only in the profile's collection.media.
    g.rewritten.some((name) => name.startsWith(`${g.slug}/media/`)) &&
      `copy ${out}/${g.slug}/media/* into your Anki profile's collection.media folder`,
  ].filter(Boolean);
  if (todo.length === 0) return 'its deck and sheets came out the same: nothing to re-import or re-print';
  const last = todo.pop();
  return todo.length > 0 ? `${todo.join(', ')} and ${last}` : String(last);
}

function printSummary(report: BuildReport, options: CliOptions): void {
  for (const d of report.diagnostics) if (!options.quiet || d.severity === 'error') err(formatDiagnostic(d));
  if (options.quiet) return;
  if (report.guides.length === 0 && options.files.length === 0 && options.only.length === 0)
    err(`studypack: ${options.guidesDir}/ holds no guides (.md files) yet.`);
  const out = shownDir(options.outDir);
  for (const o of report.orphans) {
    const gone = o.ignored
      ? `its guide is excluded by ${options.guidesDir}/.studypackignore`
      : 'its guide is gone';
    err(
      o.removed
        ? `removed ${out}/${o.slug}/ (${gone})`
        : `kept    ${out}/${o.slug}/: ${gone} (--prune removes it)`,
    );
  }
  if (options.command === 'build') {
    const count = (s: string): number => report.guides.filter((g) => g.status === s).length;
    const combined =
      report.combined === 'built'
        ? `${out}/all.* rebuilt`
        : report.combined === 'unchanged'
          ? `${out}/all.* unchanged`
          : '';
    const threads = report.threads > 1 ? ` on ${report.threads} threads` : '';
    const skipped = count('skipped') > 0 ? `${count('skipped')} skipped without questions, ` : '';
    err(
      `${count('built')} built${threads}, ${count('unchanged')} unchanged, ${skipped}${count('failed')} failed${combined ? `; ${combined}` : ''}`,
    );
  }
}

/** What a build stopped by Ctrl-C says: what it finished, and that everything else was kept. */
export function interruptedMessage(
  finished: GuideReport[],
  options: Pick<CliOptions, 'command' | 'outDir'>,
): string {
  if (options.command === 'check')
    return `studypack: interrupted after checking ${plural(finished.length, 'guide')}; check writes nothing.`;
  const built = finished.filter((g) => g.status === 'built').map((g) => g.file);
  const done =
    finished.length === 0
      ? 'no guide was finished'
      : `${plural(finished.length, 'guide')} finished (${built.length} built${built.length > 0 ? `: ${built.join(', ')}` : ''})`;
  return `studypack: interrupted; ${done}. Every other pack in ${shownDir(options.outDir)}/ keeps its last good files, whole; the combined files and the manifest were not updated: the next build finishes the job.`;
}

const COMMANDS = ['build', 'check'];

/** What is wrong with the guides folder or the guide files named, if anything: exit status 2. */
export function fileProblem(options: Pick<CliOptions, 'files' | 'guidesDir'>): string | null {
  for (const file of options.files) {
    if (!existsSync(file)) {
      // `studypack biuld` is a typo of a command more often than a guide's name.
      const near = COMMANDS.find((c) => !file.includes('.') && editDistance(file, c) <= 2);
      const hint = near ? ` (did you mean "studypack ${near}"?)` : '';
      return `no such guide file "${file}"${hint}.`;
    }
    const stat = statSync(file);
    if (stat.isDirectory())
      return `"${file}" is a folder; name guide files, or build every guide in it with --guides ${file}.`;
    if (!stat.isFile())
      return problemMessage('not-a-file', `"${file}" is not a regular file (${fileKind(stat)}).`);
  }
  if (options.files.length > 0) return null;
  if (!existsSync(options.guidesDir))
    return `the guides folder "${options.guidesDir}" does not exist (set it with --guides).`;
  if (!statSync(options.guidesDir).isDirectory())
    return `--guides "${options.guidesDir}" is a file, not a folder; name it as a guide file instead (studypack build ${options.guidesDir}).`;
  return null;
}

/** The files named, each once: the same guide named twice (overlapping globs) is one guide. */
function distinctFiles(files: string[]): string[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = realpathSync(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = await parseCli(argv);
  } catch (e) {
    err(`studypack: ${e instanceof Error ? e.message : String(e)} (see studypack --help)`);
    return 2;
  }
  if (options.command === 'info') return 0;
  const problem = fileProblem(options) ?? (options.command === 'build' ? outProblem(options) : null);
  if (problem) {
    err(`studypack: ${problem}`);
    return 2;
  }
  options.files = distinctFiles(options.files);
  const tty = stderrIsTerminal() && !options.quiet && !options.json;
  /** The guides done with so far, for what an interrupted build says. */
  const finished: GuideReport[] = [];
  const buildOptions = {
    guidesDir: options.guidesDir,
    outDir: options.outDir,
    files: options.files,
    only: options.only,
    force: options.force,
    prune: options.prune,
    paper: options.paper,
    jobs: options.jobs,
    checkOnly: options.command === 'check',
    compareOut: options.compareOut,
    onWait: (pid: number) => {
      if (!options.quiet) err(`waiting for another build of ${options.outDir}/ (pid ${pid}) to finish…`);
    },
    onGuide: (g: GuideReport, index: number, total: number) => {
      finished.push(g);
      if (tty) process.stderr.write('\r\x1b[K');
      for (const line of describeGuide(g, options)) err(line);
      if (tty && index + 1 < total) process.stderr.write(`[${index + 1}/${total}] building…`);
    },
  };
  if (options.watch) {
    if (options.command !== 'build') {
      err('studypack: --watch works with build only.');
      return 2;
    }
    const { watchBuild } = await import('./build/watch.js');
    const watching = watchBuild(buildOptions, {
      // Named guides are watched in their own folders, wherever they are.
      dirs: [
        ...(options.files.length > 0
          ? [...new Set(options.files.map((f) => dirname(resolve(f))))]
          : [options.guidesDir]),
        ...WATCHED_CONFIG_DIRS,
      ],
      onReport: (report) => {
        printSummary(report, options);
        if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        if (!options.quiet) err('watching for changes… (Ctrl-C to stop)');
      },
      onError: (e) => err(`studypack: ${e instanceof Error ? e.message : String(e)}`),
    });
    // Ctrl-C ends the watch: a build cut short leaves every file whole, as after an interrupted build.
    process.once('SIGINT', () => {
      watching.close();
      if (tty) process.stderr.write('\r\x1b[K');
      err(
        `studypack: stopped watching. Every pack in ${shownDir(options.outDir)}/ keeps its last good files, whole; a build cut short is finished by the next one.`,
      );
      process.exit(130);
    });
    return new Promise<number>(() => {});
  }
  // Ctrl-C: say what was done and what was kept, then exit as a shell expects (128 + SIGINT).
  const onInterrupt = (): void => {
    if (tty) process.stderr.write('\r\x1b[K');
    err(interruptedMessage(finished, options));
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let report: BuildReport;
  try {
    report = await build(buildOptions);
  } catch (e) {
    // The environment, not a guide: unwritable out/, disk full.
    const code = (e as NodeJS.ErrnoException).code;
    err(`studypack: ${e instanceof Error ? e.message : String(e)}${code ? ` (${code})` : ''}`);
    return 2;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  printSummary(report, options);
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.environmentFailed) return 2;
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
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      err(`studypack: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 2;
    },
  );
}
