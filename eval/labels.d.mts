// Types of eval/labels.mjs, for its tests.

export interface Label {
  line: number;
  category: string;
  also: string[];
  terms: string[];
  gist: { any?: string[]; option?: string | null; text?: string; empty?: boolean };
}

export interface LabelledEntry {
  question: string;
  gist: string;
  answer?: string;
  keyTerms: string[];
  category: string;
  answered?: boolean;
  unanswered?: boolean;
  source: { line: number };
}

export interface LabelScore {
  labels: number;
  matched: number;
  terms: number;
  termsAccepted: number;
  withTerms: number;
  categoryOk: number;
  gistOk: number;
  gistRulesOk: number;
  problems: { line: number; kind: string; text: string }[];
}

export const GIST_MAX: number;
export function termKey(text: string): string;
export function termAccepted(term: string, accepted: string[]): boolean;
export function gistRuleBroken(
  entry: Pick<LabelledEntry, 'gist' | 'answer' | 'answered' | 'unanswered'>,
): string | null;
export function gistMatchesLabel(gist: string, label: Label['gist']): boolean;
export function matchLabels(
  labels: Label[],
  entries: LabelledEntry[],
): { pairs: { label: Label; entry: LabelledEntry }[]; unmatched: Label[] };
export function scoreLabels(match: ReturnType<typeof matchLabels>): LabelScore;
export function sumLabelScores(rows: LabelScore[]): {
  labels: number;
  matched: number;
  termPrecision: number;
  withTerms: number;
  categories: number;
  gists: number;
  gistRules: number;
};
/** The four labelled figures the floor keeps, by their names in eval/floor.json. */
export interface LabelFigures {
  termPrecision?: number;
  withTerms?: number;
  categories?: number;
  gists?: number;
}
export function labelFloor(totals: LabelFigures): LabelFigures;
export function labelsBelow(totals: LabelFigures, floor: object): string[];
