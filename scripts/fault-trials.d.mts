// Types of scripts/fault-trials.mjs, for the tests that run a few kill trials and share its checks.

export interface KillTrialOptions {
  trials?: number;
  /** Guides in the corpus. */
  guides?: number;
  /** 'small' keeps the first few questions of each seed guide. */
  size?: 'full' | 'small';
  seed?: number;
  /** --jobs for the builds; 0 leaves the default. */
  jobs?: number;
  /** Every this many trials, the build is let run to the end. */
  completeEvery?: number;
  /** The compiled command line; by default a private copy of dist/. */
  cli?: string;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface KillTrialResult {
  trials: number;
  killed: number;
  finishedBeforeKill: number;
  completeBuilds: number;
  failedBuilds: string[];
  filesChecked: number;
  damaged: string[];
  unknownVersions: string[];
  mixedPacks: string[];
  leftoverTemps: string[];
  tempsAfterKill: number;
  identityProblems: string[];
  differences: string[];
  elapsedMs: number;
  workspace: string;
}

export function random(seed: number): () => number;
export function prepareComparable(): Promise<void>;
export function comparable(rel: string, bytes: Buffer): Buffer | string;
export function listFiles(dir: string): string[];
export function readAnkiCsv(text: string): { headers: string[]; rows: string[][] };
export function wholeFileProblems(path: string, validatePack?: (value: unknown) => unknown): string[];
export function damagedFiles(dir: string, validatePack?: (value: unknown) => unknown): string[];
export function snapshotProgram(into: string): string;
export function runKillTrials(options?: KillTrialOptions): Promise<KillTrialResult>;
