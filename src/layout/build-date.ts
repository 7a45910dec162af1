// The one date a PDF carries, from the environment: kept apart from the drawing code so the build
// can hash it without loading pdfkit.

/** The creation date every PDF carries: `SOURCE_DATE_EPOCH` when set, else the Unix epoch. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  return new Date(epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : 0);
}
