// --watch: build, then rebuild on every change to a guide, a template or the taxonomy;
// debounced, one build at a time, a failing guide reported and the watch kept alive.
import { type FSWatcher, watch } from 'node:fs';
import { type BuildOptions, type BuildReport, build } from './index.js';

export interface WatchHandle {
  /** Resolves when the current build (if any) has finished. */
  idle(): Promise<void>;
  close(): void;
}

export interface WatchOptions {
  dirs: string[];
  debounceMs?: number;
  onReport: (report: BuildReport) => void;
  onError: (err: unknown) => void;
}

/** Builds once, then again after changes settle; never two builds at a time. */
export function watchBuild(options: BuildOptions, w: WatchOptions): WatchHandle {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;

  const run = (): void => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = build(options)
      .then(w.onReport, w.onError)
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          run();
        }
      });
  };

  const watchers: FSWatcher[] = w.dirs.map((dir) =>
    watch(dir, { persistent: true }, (_event, name) => {
      // Temp files of atomic writes and editors' swap files are not changes to a guide.
      if (name && /(^\.|~$|\.tmp$|\.swp$|\.lock\.json)/.test(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(run, w.debounceMs ?? 150);
    }),
  );
  run();
  return {
    idle: async () => {
      while (busy || timer) {
        await running;
        if (timer && !busy) await new Promise((r) => setTimeout(r, (w.debounceMs ?? 150) + 20));
        if (!busy) break;
      }
      await running;
    },
    close: () => {
      clearTimeout(timer);
      for (const x of watchers) x.close();
    },
  };
}
