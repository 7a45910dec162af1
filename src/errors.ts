// The catalogue of user-facing problems: every diagnostic and CLI error takes its id and wording
// from here, so messages stay consistent and tests match on ids rather than prose.
import type { Diagnostic } from './model.js';

export interface RuleInfo {
  severity: Diagnostic['severity'];
  title: string;
  hint: string;
}

export const RULES = {
  'empty-guide': {
    severity: 'error',
    title: 'The guide is empty',
    hint: 'Write at least one question heading and its answer.',
  },
  'binary-file': {
    severity: 'error',
    title: 'The file is not text',
    hint: 'Guides must be Markdown text in UTF-8; check that the file was not saved in a binary format.',
  },
  'invalid-utf8': {
    severity: 'warning',
    title: 'Bytes that are not UTF-8',
    hint: 'Save the guide as UTF-8; the bad bytes were read as Windows-1252.',
  },
  'mojibake-repaired': {
    severity: 'info',
    title: 'Double-encoded text repaired',
    hint: 'The guide holds UTF-8 that was once read as a Windows code page; the file is left as it is.',
  },
  'mojibake-unrepaired': {
    severity: 'warning',
    title: 'Double-encoded text that could not be repaired',
    hint: 'Retype the characters at this place in the guide.',
  },
  'front-matter-invalid': {
    severity: 'warning',
    title: 'Front matter is not valid YAML',
    hint: 'Fix the YAML between the --- lines at the top of the guide; it was ignored.',
  },
  'unclosed-code-fence': {
    severity: 'warning',
    title: 'A code block is never closed',
    hint: 'Add the closing ``` line; everything after the opening fence was read as code.',
  },
  'stray-code-fence': {
    severity: 'warning',
    title: 'A fence that closes no code block',
    hint: 'A code block lost its opening ``` line; add it where the code starts.',
  },
  'no-questions': {
    severity: 'warning',
    title: 'No questions found',
    hint: 'Write questions as headings ending in "?", quoted headings, bold questions, "Q1:" prefixes or Interviewer: lines.',
  },
  'section-not-used': {
    severity: 'warning',
    title: 'Part of the guide became nothing',
    hint: 'Text outside every question, pitch and table of facts is in no card: make its questions headings or bold lines ending in "?", or leave it as notes.',
  },
  'notes-not-used': {
    severity: 'info',
    title: 'Notes in no card',
    hint: 'An introduction, a reading list or questions for the interviewer stay out of the cards.',
  },
  'question-without-answer': {
    severity: 'warning',
    title: 'A question has no answer yet',
    hint: 'Write the answer below the question; the entry is kept and marked unanswered.',
  },
  'duplicate-question': {
    severity: 'warning',
    title: 'The same question appears twice',
    hint: 'Merge the two answers or reword one of the questions.',
  },
  'generic-title': {
    severity: 'info',
    title: 'The project name was not in the title',
    hint: 'Add `title:` front matter or name the project in the H1.',
  },
  'slug-collision': {
    severity: 'warning',
    title: 'Two guides have the same slug',
    hint: 'Rename one of the files or set `slug:` in its front matter.',
  },
  'rtl-text': {
    severity: 'warning',
    title: 'Right-to-left text prints left to right in the PDFs',
    hint: 'The Anki cards show it as written; the cheat sheet and summary card do not reorder it yet.',
  },
  'renamed-guide': {
    severity: 'warning',
    title: 'A new guide looks like a renamed one',
    hint: 'Set `slug:` in its front matter to the old slug, so its Anki notes keep their ids.',
  },
  'glyph-missing': {
    severity: 'warning',
    title: 'A character no font can print',
    hint: 'The character is left out of the PDF; it stays in the Anki deck and pack.json.',
  },
  'math-invalid': {
    severity: 'warning',
    title: 'A formula that cannot be typeset',
    hint: 'Check the TeX between the dollar signs (braces, command names); the PDFs print it as code until then.',
  },
  'unsafe-html': {
    severity: 'warning',
    title: 'Raw HTML in the guide',
    hint: 'Raw HTML is shown as text in Anki, never run; write Markdown instead.',
  },
  'image-missing': {
    severity: 'warning',
    title: 'An image that cannot be shown',
    hint: "Give the image's path relative to the guide, and check that the file is there; its alt text is shown in its place.",
  },
  'image-remote': {
    severity: 'warning',
    title: 'An image on another host',
    hint: 'Remote images are never fetched: a card would load it each time it is shown. Save the image beside the guide and link it by its path.',
  },
  'image-unsupported': {
    severity: 'warning',
    title: 'A file that is not a PNG, JPEG, GIF, WebP or SVG image',
    hint: 'Convert the image to PNG, JPEG or SVG; its alt text is shown in its place.',
  },
  'read-failed': {
    severity: 'error',
    title: 'The guide could not be read',
    hint: 'Check that the file exists and is readable.',
  },
  'guide-outside-folder': {
    severity: 'warning',
    title: 'A guide is a link to a file outside the guides folder',
    hint: 'The linked file is built like any guide; move it into the folder if that was not meant.',
  },
  'ignore-file-invalid': {
    severity: 'warning',
    title: 'A line of .studypackignore cannot be used',
    hint: "Fix the line in the guides folder's .studypackignore (gitignore syntax); the other lines still apply.",
  },
  'identity-file-invalid': {
    severity: 'warning',
    title: 'The identity file could not be read',
    hint: 'Ids of reworded questions may change; fix guides/studypack.lock.json or let the build rewrite it (the old one is kept beside it).',
  },
  'id-collision': {
    severity: 'error',
    title: 'Two questions share one id',
    hint: 'Anki would merge their notes; reword one of the questions.',
  },
  'write-failed': {
    severity: 'error',
    title: 'A pack folder could not be written',
    hint: 'Check the free space and permissions of the out folder; the last good outputs were kept.',
  },
  'output-damaged': {
    severity: 'info',
    title: 'An output was changed since it was written',
    hint: 'Files in out/ are remade by each build: edit the guide, not its outputs.',
  },
  'pack-unusable': {
    severity: 'warning',
    title: 'A pack is left out of the combined files',
    hint: 'Its pack.json or deck was changed or cut short since it was written and its guide could not be built again; fix the guide and build.',
  },
  'render-failed': {
    severity: 'error',
    title: 'An output could not be made',
    hint: 'This is a bug in studypack; the last good outputs of the guide were kept.',
  },
  'too-large': {
    severity: 'error',
    title: 'The guide is too large',
    hint: 'Split the guide into several files.',
  },
  'out-holds-guides': {
    severity: 'error',
    title: 'The output folder is where the guides are',
    hint: 'Packs are written into folders named after the guides, and --prune removes them: choose an output folder beside the guides, such as --out out.',
  },
  'not-a-file': {
    severity: 'error',
    title: 'The guide is not a regular file',
    hint: 'Name Markdown files: devices, FIFOs and sockets are not read, as they may never end.',
  },
  'too-complex': {
    severity: 'error',
    title: 'The guide asks for more work than one guide may',
    hint: 'Split the guide into several files, or write the part at this line more simply (fewer table cells, list items or headings; blockquote lines each with their ">").',
  },
  'too-deep': {
    severity: 'error',
    title: 'Lists or blockquotes nested too deeply',
    hint: 'Nest lists, blockquotes and emphasis at most 100 levels deep; deeper levels are not read as Markdown.',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

/** Makes a diagnostic from the catalogue; `detail` is the sentence specific to this place. */
export function diagnostic(ruleId: RuleId, detail: string, file: string, line = 1, column = 1): Diagnostic {
  return { severity: RULES[ruleId].severity, ruleId, message: detail, file, line, column };
}

/**
 * The warning of a guide in which no question was found: it is skipped, and gets no pack. Always
 * the same, so a build that skips the guide again without reading it says the same.
 */
export function noQuestions(file: string): Diagnostic {
  return diagnostic(
    'no-questions',
    'No questions found, so the guide gets no pack: expected headings or bold lines that end in "?", quoted questions, "Q1:" prefixes or Interviewer: lines.',
    file,
  );
}

/** A usage or setup problem as one message: what is wrong here, then how to fix it. */
export function problemMessage(ruleId: RuleId, detail: string): string {
  return `${detail} ${RULES[ruleId].hint}`;
}

/** `file:line:col severity message rule-id`, the form `studypack check` prints. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message} ${d.ruleId}`;
}
