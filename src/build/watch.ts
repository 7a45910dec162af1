// --watch: build, then rebuild on every change to a guide, a template or the taxonomy;
// debounced, one build at a time, a failing guide reported and the watch kept alive.
import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import { resolve } from 'node:path';
import { IGNORE_FILE, readIgnoreFile } from './ignore-file.js';
import { type BuildOptions, type BuildReport, build } from './index.js';
import type { SplitPdfs } from './pdfs.js';
import type { Warmer } from './warm.js';

export interface WatchHandle {
  /** Resolves when the current build (if any) has finished. */
  idle(): Promise<void>;
  close(): void;
}

export interface WatchOptions {
  dirs: string[];
  /** How long changes must settle before a build; DEBOUNCE_MS by default. */
  debounceMs?: number;
  onReport: (report: BuildReport) => void;
  onError: (err: unknown) => void;
}

/**
 * How long a burst of changes must settle: editors save with a write, or a temp file renamed
 * over the guide, all within a millisecond or two; a longer wait is time the user waits.
 */
export const DEBOUNCE_MS = 25;

/** How often a folder that went away is looked for again. */
const RETRY_MS = 500;

/** A folder's inode, or -1 when it is not there. */
function inodeOf(dir: string): number {
  try {
    return statSync(dir).ino;
  } catch {
    return -1;
  }
}

/**
 * Keeps, from one build to the next, each guide's parsed parts and what each entry's text gave:
 * a rebuild after an edit parses and derives again only what the edit changed.
 */
async function keepWork(): Promise<void> {
  const { keepParts } = await import('../parse/index.js');
  const { rememberEntries } = await import('../normalize/index.js');
  keepParts();
  rememberEntries();
  // This process keeps running: code hot in the first build is worth optimizing for the edits.
  const { optimizeAsUsual } = await import('./v8-flags.js');
  await optimizeAsUsual();
}

/** Builds once, then again after changes settle; never two builds at a time. */
export function watchBuild(options: BuildOptions, w: WatchOptions): WatchHandle {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  /** A change was seen since the last build started. */
  let changed = false;
  let busy = false;
  /** Draws packs again while the watch is idle (see Warmer); made after the first build. */
  let warmer: Warmer | undefined;
  // From the first build on, each guide's PDFs are made on two threads (see SplitPdfs), the
  // worker kept warm from one build to the next; with one core, or no worker to start, here.
  let split: SplitPdfs | undefined;

  const run = (): void => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    changed = false;
    running = keepWork()
      .then(async () => {
        // With two cores, the PDF worker is started with the first build and draws its packs'
        // cheat sheets and cards: its code is hot and its caches hold the guides' words by the
        // first edit.
        if (split || warmer || closed || (options.jobs ?? 1) < 2) return;
        const { PdfWorker, SplitPdfs } = await import('./pdfs.js');
        const worker = PdfWorker.start();
        if (worker) split = new SplitPdfs(worker);
      })
      .then(() => build(split ? { ...options, pdfs: split } : options))
      .then(async (report) => {
        w.onReport(report);
        if (warmer || closed) return;
        const { Warmer } = await import('./warm.js');
        warmer = new Warmer({ paper: options.paper ?? 'a4' }, split, report.guides, options.outDir);
      }, w.onError)
      .then(async () => {
        // Idle time goes to warming until a change is waiting.
        if (warmer?.pending && !closed) await warmer.run(() => changed || again || closed);
      })
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          run();
        }
      });
  };

  const schedule = (): void => {
    changed = true;
    clearTimeout(timer);
    timer = setTimeout(run, w.debounceMs ?? DEBOUNCE_MS);
  };
  let closed = false;
  const watchers = new Map<string, FSWatcher>();
  const retries = new Set<NodeJS.Timeout>();
  // A folder that is replaced (moved away and made again, as some editors and sync tools do) or
  // removed is watched again as soon as it is back: a watch on the old one would see nothing.
  const reopen = (dir: string): void => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
    if (closed) return;
    const retry = setTimeout(() => {
      retries.delete(retry);
      if (closed) return;
      if (existsSync(dir)) {
        open(dir);
        schedule();
      } else reopen(dir);
    }, RETRY_MS);
    retries.add(retry);
  };
  // The guides folder's ignore file says which of its files are no guides: the build passes them
  // by, and so does the watch. Named guide files are built whatever it says.
  const guidesFolder = options.files?.length ? null : resolve(options.guidesDir);
  const open = (dir: string): void => {
    const inode = inodeOf(dir);
    const isGuidesFolder = resolve(dir) === guidesFolder;
    try {
      const watcher = watch(dir, { persistent: true }, (event, name) => {
        if (event === 'rename' && inodeOf(dir) !== inode) {
          reopen(dir);
          return;
        }
        const file = name ? String(name) : '';
        if (!(isGuidesFolder && file === IGNORE_FILE)) {
          // Temp files of atomic writes and editors' swap files are not changes to a guide.
          if (/(^\.|~$|\.tmp$|\.swp$|\.lock\.json)/.test(file)) return;
          if (isGuidesFolder && file && readIgnoreFile(dir).ignores(file)) return;
        }
        schedule();
      });
      watcher.on('error', () => reopen(dir));
      watchers.set(dir, watcher);
    } catch {
      reopen(dir);
    }
  };
  for (const dir of w.dirs) open(dir);
  run();
  return {
    idle: async () => {
      while (busy || timer) {
        await running;
        if (timer && !busy) await new Promise((r) => setTimeout(r, (w.debounceMs ?? DEBOUNCE_MS) + 20));
        if (!busy) break;
      }
      await running;
    },
    close: () => {
      closed = true;
      void split?.close();
      clearTimeout(timer);
      for (const retry of retries) clearTimeout(retry);
      for (const x of watchers.values()) x.close();
    },
  };
}
