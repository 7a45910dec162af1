// studypack's Anki note type: fixed ids for it, its fields and its card, so that every package
// names the same note type and Anki recognises it on each import; templates and CSS read from
// templates/ at run time.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { templatePath } from '../../paths.js';

/** The note type's name in Anki. */
export const NOTE_TYPE_NAME = 'studypack';

/**
 * The note type's id, the same in every package and every build: Anki finds its copy of the note
 * type by this id, so a fixed id is what lets a re-import update the notes instead of conflicting.
 */
export const NOTE_TYPE_ID = 1_588_745_216_533;

/**
 * When studypack's own note type (fields, templates/apkg-*.html, templates/apkg.css) last
 * changed, in seconds since 1970: the earliest modification time any package states. A change
 * to the note type shipped with studypack moves this date forward, so that Anki takes it in
 * place of an older copy (see the README, "Changing how cards look").
 */
export const NOTE_TYPE_DATE = 1_796_515_200; // 2026-12-06

/** The fields, in order; the first is the one Anki sorts and checks duplicates by. */
export const FIELD_NAMES = [
  'Question',
  'Prompt',
  'Answer',
  'Key terms',
  'Project',
  'Section',
  'Source',
] as const;

export type FieldName = (typeof FIELD_NAMES)[number];

/** The note type's one card. */
export const CARD_NAME = 'Question → Answer';

/** Where the card's templates and the note type's CSS live. */
export const NOTE_TYPE_FILES = {
  front: templatePath('apkg-front.html'),
  back: templatePath('apkg-back.html'),
  css: templatePath('apkg.css'),
} as const;

export interface NoteTypeSource {
  front: string;
  back: string;
  css: string;
}

/** The card templates and CSS, read fresh so that an edit shows in the next build. */
export function readNoteTypeSource(): NoteTypeSource {
  return {
    front: readFileSync(NOTE_TYPE_FILES.front, 'utf8'),
    back: readFileSync(NOTE_TYPE_FILES.back, 'utf8'),
    css: readFileSync(NOTE_TYPE_FILES.css, 'utf8'),
  };
}

/**
 * A stable id for a field or the card from its name: Anki matches fields and templates by these
 * ids before names, so a field a user renames in Anki is still the same field on the next import.
 * Kept within JavaScript's safe integers, as JSON carries them.
 */
function partId(kind: string, name: string): number {
  const digest = createHash('sha256').update(`studypack ${kind} ${name}`).digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(Number.MAX_SAFE_INTEGER)) + 1;
}

/** A hash of what the note type is: a new hash is a change Anki should take. */
export function noteTypeHash(source: NoteTypeSource): string {
  return createHash('sha256')
    .update(JSON.stringify([NOTE_TYPE_NAME, FIELD_NAMES, CARD_NAME, source.front, source.back, source.css]))
    .digest('hex')
    .slice(0, 16);
}

/** The note type as a schema-11 collection holds it (`col.models`), modified at `mtime` seconds. */
export function noteTypeModel(source: NoteTypeSource, mtime: number): Record<string, unknown> {
  return {
    id: NOTE_TYPE_ID,
    name: NOTE_TYPE_NAME,
    type: 0,
    mod: mtime,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls: [
      {
        name: CARD_NAME,
        ord: 0,
        qfmt: source.front,
        afmt: source.back,
        bqfmt: '',
        bafmt: '',
        did: null,
        bfont: '',
        bsize: 0,
        id: partId('card', CARD_NAME),
      },
    ],
    flds: FIELD_NAMES.map((name, ord) => ({
      name,
      ord,
      sticky: false,
      rtl: false,
      font: 'Arial',
      size: 20,
      description: '',
      plainText: false,
      collapsed: false,
      excludeFromSearch: false,
      id: partId('field', name),
      tag: null,
      preventDeletion: false,
    })),
    css: source.css,
    latexPre: LATEX_PRE,
    latexPost: '\\end{document}',
    latexsvg: false,
    // The card is made when the Question field is filled.
    req: [[0, 'any', [0]]],
  };
}

/** The LaTeX preamble Anki expects of a note type; studypack's cards use MathJax, not LaTeX. */
const LATEX_PRE = [
  '\\documentclass[12pt]{article}',
  '\\special{papersize=3in,5in}',
  '\\usepackage[utf8]{inputenc}',
  '\\usepackage{amssymb,amsmath}',
  '\\pagestyle{empty}',
  '\\setlength{\\parindent}{0in}',
  '\\begin{document}',
  '',
].join('\n');
