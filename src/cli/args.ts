// What the command line asked for, before defaults that depend on the machine are applied; and a
// reader for its plain forms (`build -q --guides g --out o a.md`) that spares a run loading yargs.
// yargs and the width tables its help text needs cost more than a rebuild with nothing to do.

/** A usage error: bad option or value. Exit status 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: 'build' | 'check';
  guides: string;
  /** Absent for `check` without --out. */
  out?: string;
  files: string[];
  only: string[];
  force: boolean;
  prune: boolean;
  watch: boolean;
  paper: 'a4' | 'letter';
  /** Absent when not given: one per core. */
  jobs?: number;
  json: boolean;
  quiet: boolean;
}

type Name = 'guides' | 'out' | 'paper' | 'jobs' | 'force' | 'prune' | 'watch' | 'json' | 'quiet';

const SHORT: Record<string, Name> = { '-q': 'quiet', '-w': 'watch', '-j': 'jobs' };
const WITH_VALUE = new Set<Name>(['guides', 'out', 'paper', 'jobs']);
const OPTIONS: Record<ParsedArgs['command'], Set<string>> = {
  build: new Set<Name>(['guides', 'out', 'paper', 'jobs', 'force', 'prune', 'watch', 'json', 'quiet']),
  check: new Set<Name>(['guides', 'out', 'json', 'quiet']),
};
/**
 * Words yargs reads as something other than a file name: a command, a boolean's value after a
 * flag (`--force false`), a number.
 */
const NOT_PLAIN = new Set(['build', 'check', 'help', 'version', 'completion', 'true', 'false']);

/**
 * The options of a command line written in the plain forms, read as yargs reads them; null for
 * anything else (help, --version, an unknown or repeated option, `--name=value`, `--no-name`,
 * grouped short flags, `--only`, a value that yargs would refuse or read otherwise), which is
 * then left to yargs, its messages included. Each option once, each value its own argument.
 */
export function readPlainArgs(argv: string[]): ParsedArgs | null {
  let command: ParsedArgs['command'] = 'build';
  let rest = argv;
  if (argv[0] === 'build' || argv[0] === 'check') {
    command = argv[0];
    rest = argv.slice(1);
  }
  const allowed = OPTIONS[command];
  const values = new Map<Name, string>();
  const flags = new Set<Name>();
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('-')) {
      if (NOT_PLAIN.has(arg) || arg.trim() === '' || !Number.isNaN(Number(arg))) return null;
      files.push(arg);
      continue;
    }
    const name = SHORT[arg] ?? (arg.startsWith('--') ? (arg.slice(2) as Name) : undefined);
    if (!name || !allowed.has(name) || values.has(name) || flags.has(name)) return null;
    if (!WITH_VALUE.has(name)) {
      flags.add(name);
      continue;
    }
    const value = rest[++i];
    if (value === undefined || value.startsWith('-') || value.trim() === '') return null;
    values.set(name, value);
  }
  const paper = values.get('paper') ?? 'a4';
  const jobs = values.get('jobs');
  if ((paper !== 'a4' && paper !== 'letter') || (jobs !== undefined && !/^[1-9]\d{0,5}$/.test(jobs)))
    return null;
  return {
    command,
    guides: values.get('guides') ?? 'guides',
    ...(values.has('out') || command === 'build' ? { out: values.get('out') ?? 'out' } : {}),
    files,
    only: [],
    force: flags.has('force'),
    prune: flags.has('prune'),
    watch: flags.has('watch'),
    paper,
    ...(jobs !== undefined ? { jobs: Number(jobs) } : {}),
    json: flags.has('json'),
    quiet: flags.has('quiet'),
  };
}
