// What people read goes to stderr. When stderr is a pipe or a file it is written with
// fs.writeSync: Node's process.stderr would first load its net and stream modules for a pipe,
// several milliseconds of a build that has nothing to do. A terminal keeps process.stderr.
import { fstatSync, writeSync } from 'node:fs';

/** Whether fd 2 is written directly; undefined until first asked. */
let direct: boolean | undefined;

function writesDirectly(): boolean {
  if (direct === undefined) {
    try {
      // A terminal, or /dev/null, is a character device: those keep process.stderr.
      direct = !fstatSync(2).isCharacterDevice();
    } catch {
      direct = false;
    }
  }
  return direct;
}

/** Writes `text` to stderr, whole, in order with every earlier write. */
export function writeStderr(text: string): void {
  if (writesDirectly()) {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(2, bytes, written);
      return;
    } catch {
      // A pipe that would block (EAGAIN) or any other failure: process.stderr takes over, for the
      // rest of this text and every later one, and handles it as it always did.
      direct = false;
      process.stderr.write(bytes.subarray(written));
      return;
    }
  }
  process.stderr.write(text);
}

/** Whether stderr is a terminal, where progress is drawn in place. */
export function stderrIsTerminal(): boolean {
  return !writesDirectly() && process.stderr.isTTY === true;
}
