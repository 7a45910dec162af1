// The zod schema of pack.json: it validates a pack when it is written and when it is read back.
import { CATEGORY_IDS, type Pack } from './model.js';
import * as z from './zod.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const nonEmpty = () => z.string().check(z.minLength(1));
const counting = (from: number) => z.int().check(z.gte(from));

const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  ruleId: z.string().check(z.regex(SLUG)),
  message: nonEmpty(),
  file: z.string(),
  line: counting(0),
  column: counting(0),
});

const entrySchema = z.object({
  id: z.string().check(z.regex(/^sp-[a-z2-7]{8,}$/)),
  question: nonEmpty(),
  prompt: z.string(),
  answer: z.string(),
  answered: z.boolean(),
  gist: z.string(),
  keyTerms: z.array(nonEmpty()).check(z.maxLength(12)),
  category: z.enum(CATEGORY_IDS),
  section: z.string(),
  followUpOf: z.nullable(z.string()),
  source: z.object({ file: z.string(), line: counting(1) }),
  unanswered: z.optional(z.boolean()),
  style: z.optional(z.string()),
});

export const packSchema = z.object({
  schemaVersion: z.literal(1),
  project: z.object({
    slug: z.string().check(z.regex(SLUG)),
    title: nonEmpty(),
    source: z.string(),
    pitch: z.string(),
  }),
  entries: z.array(entrySchema),
  facts: z.array(
    z.object({
      label: z.string(),
      value: z.string(),
      note: z.optional(z.string()),
      group: z.optional(z.string()),
    }),
  ),
  diagnostics: z.array(diagnosticSchema),
});

/**
 * Throws with every problem listed, on one line, when `value` is not a valid pack: where in the
 * pack, and what was expected (`entries.3.question: Too small: expected string to have >=1
 * characters`).
 */
export function validatePack(value: unknown): Pack {
  const result = packSchema.safeParse(value);
  if (result.success) return result.data as Pack;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'pack'}: ${i.message}`);
  throw new Error(`its pack does not fit the schema: ${issues.join('; ')}`);
}
