// Types of eval/score.mjs, for its tests.

export interface TruthQuestion {
  line: number;
  question: string;
  answered: boolean;
}

export interface ScoredEntry {
  question: string;
  answer: string;
  unanswered?: boolean;
  style?: string;
  source: { line: number };
}

export interface Match {
  pairs: { truth: TruthQuestion; entry: ScoredEntry }[];
  misses: TruthQuestion[];
  extras: ScoredEntry[];
  wrong: { line: number; question: string; kind: 'empty' | 'next question' | 'prompt' }[];
  flags: { line: number; question: string; truth: boolean; pack: boolean }[];
}

export interface Score {
  truth: number;
  found: number;
  matched: number;
  recall: number;
  precision: number;
  wrongBacks: number;
  emptyBacks: number;
  nextQuestionBacks: number;
  promptBacks: number;
  flagsOff: number;
}

export function compact(text: string): string;
export function similarity(a: string, b: string): number;
export function wrongBack(
  truth: TruthQuestion,
  entry: ScoredEntry,
  next: TruthQuestion | undefined,
  /** The guide's lines, to see whether it labels the answer right before its first line. */
  guideLines?: string[],
): 'empty' | 'next question' | 'prompt' | null;
export function matchGuide(truth: TruthQuestion[], entries: ScoredEntry[], guideLines?: string[]): Match;
export function scoreGuide(match: Match): Score;
export function sumScores(rows: Score[]): Score;
