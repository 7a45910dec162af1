// How long the property tests run: `FUZZ_RUNS=3000 npx vitest run …` runs every property longer.

/** Runs of a property: its default, or FUZZ_RUNS when set. */
export function runs(byDefault: number): number {
  const asked = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(asked) && asked > 0 ? asked : byDefault;
}
