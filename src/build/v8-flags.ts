// How V8 runs a build: when it optimizes code, and how far a large build's heap may grow.
// node:v8 is loaded only once a build has work to do: a no-op never pays for it.

/**
 * Profiler ticks a function stays hot before V8 optimizes it, for a short build that runs once.
 *
 * V8 runs new code in its interpreter, then as baseline code, and optimizes a function (TurboFan,
 * on a background thread) once it has been hot for 3 ticks. A short build spent about a second
 * of CPU optimizing code that then ran only a little longer: the parser, the layout and the Anki
 * renderer each get hot in turn. Waiting for 30 ticks optimizes only the code that stays hot. On
 * two cores, medians of 5 runs alternated: the seeds 2.77 → 2.42 s of wall and 4.12 → 3.32 s of
 * CPU, the 200-question guide 2.02 → 1.75 s and 3.00 → 2.42 s. A long build pays for optimizing
 * early: 100 guides took as long (21.4 → 21.5 s, for 29.5 → 28.1 s of CPU) and 1,000 guides
 * longer (176 → 197 s), so a build of LARGE_BUILD guides or more keeps V8's threshold.
 */
const ONE_BUILD_TICKS = 30;
/**
 * V8's own threshold, for a process that keeps running: under `--watch`, the first build runs
 * with it too, as it warms the code every edit runs (its edits took 146–181 ms to reach the cheat
 * sheet when the first build optimized late, 151–163 ms when it did not, medians of 10 edits).
 */
const DEFAULT_TICKS = 3;

/**
 * The flag and its default were measured on V8 11 (Node 20); later V8s tier up through Maglev
 * first, where the same number means something else, so they keep their own.
 */
const MEASURED_ON = process.versions.v8.startsWith('11.');

let longRunning = false;

async function setFlag(flag: string): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(flag);
}

/** Code of this build is optimized only once it stays hot (see ONE_BUILD_TICKS). */
export async function optimizeOnlyHotCode(): Promise<void> {
  if (longRunning || !MEASURED_ON) return;
  await setFlag(`--ticks-before-optimization=${ONE_BUILD_TICKS}`);
}

/** From now on this process keeps running: V8 optimizes as it does by default, for every build. */
export async function optimizeAsUsual(): Promise<void> {
  longRunning = true;
  if (MEASURED_ON) await setFlag(`--ticks-before-optimization=${DEFAULT_TICKS}`);
}

/**
 * Heaps grow by at most their size (V8's --heap-growing-percent=100, for every thread of the
 * process from then on). V8 lets a heap grow to about four times its live data when collecting
 * is cheap: laying out a thousand guides, that was 700 MB for 150 MB of live data, and the bound
 * kept a large build's peak memory down (at 300 guides, 593 MB → 456–470 MB) for more collecting
 * (CPU 44 s → 49–53 s). A smaller build keeps V8's own growth: the bound cost the 200-question
 * guide about 5% of its CPU (2.87 s → 2.72 s without it, medians of 4, alternated).
 */
export async function boundHeapGrowth(): Promise<void> {
  await setFlag('--heap-growing-percent=100');
}
