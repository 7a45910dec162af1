// The zod schema of pack.json: it validates a pack when it is written and when it is read back.
import { z } from 'zod';
import { CATEGORY_IDS, type Pack } from './model.js';

const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  message: z.string().min(1),
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
});

const entrySchema = z.object({
  id: z.string().regex(/^sp-[a-z2-7]{8,}$/),
  question: z.string().min(1),
  answer: z.string(),
  gist: z.string(),
  keyTerms: z.array(z.string().min(1)).max(12),
  category: z.enum(CATEGORY_IDS),
  section: z.string(),
  followUpOf: z.string().nullable(),
  source: z.object({ file: z.string(), line: z.number().int().min(1) }),
  unanswered: z.boolean().optional(),
  style: z.string().optional(),
});

export const packSchema = z.object({
  schemaVersion: z.literal(1),
  project: z.object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    title: z.string().min(1),
    source: z.string(),
    pitch: z.string(),
  }),
  entries: z.array(entrySchema),
  facts: z.array(
    z.object({
      label: z.string(),
      value: z.string(),
      note: z.string().optional(),
      group: z.string().optional(),
    }),
  ),
  diagnostics: z.array(diagnosticSchema),
});

/** Throws with every problem listed when `value` is not a valid pack. */
export function validatePack(value: unknown): Pack {
  return packSchema.parse(value) as Pack;
}
