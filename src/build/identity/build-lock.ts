// The identity file as one build holds it: read only when a pack is built or removed, or a slug is
// in question (a rebuild with nothing to do never reads it: at a thousand guides it is megabytes of
// JSON), changed as guides are built, and written back once at the end.
import { diagnostic } from '../../errors.js';
import type { Diagnostic } from '../../model.js';
import { emptyLock, type IdentityLock } from './lock.js';
import { type LockFileState, lockPathFor, readLockFile, writeLockFile } from './lock-file.js';

export class BuildLock {
  private state: LockFileState | undefined;
  /** What the build holds: the file's lock once read, with the projects of the guides built since. */
  lock: IdentityLock = emptyLock();

  /** `onProblems` hears, once, what is wrong with the file as it was read. */
  constructor(
    private readonly folder: string,
    private readonly onProblems: (problems: Diagnostic[]) => void,
  ) {}

  /** Reads the file the first time it is asked for; the same state afterwards. */
  read(): LockFileState {
    if (this.state) return this.state;
    const state = readLockFile(lockPathFor(this.folder));
    this.state = state;
    // A copy of its own: the build replaces projects in it as guides are built.
    this.lock = { ...state.lock, projects: { ...state.lock.projects } };
    this.onProblems(
      state.problems.map((p) => diagnostic('identity-file-invalid', `${state.path}: ${p}.`, state.path)),
    );
    return state;
  }

  /** Writes the lock back; says so when a damaged file was kept aside. */
  write(): Diagnostic | null {
    const state = this.read();
    const kept = writeLockFile(state, this.lock);
    if (!kept.keptBrokenAs) return null;
    return diagnostic(
      'identity-file-invalid',
      `The damaged identity file was kept as ${kept.keptBrokenAs} and replaced.`,
      state.path,
    );
  }
}
