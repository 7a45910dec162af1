// Runs the studypack CLI in this process and writes its peak resident set size (getrusage
// ru_maxrss, which counts every thread, so the render workers too) and CPU time to a file.
// Used by bench/run.mjs only where /usr/bin/time is missing.
// Usage: BENCH_RSS_FILE=out.txt node bench/rss.mjs dist/cli.js build …
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
if (!cli || !process.env.BENCH_RSS_FILE) {
  process.stderr.write('usage: BENCH_RSS_FILE=<file> node bench/rss.mjs <cli.js> [args…]\n');
  process.exit(2);
}
const report = process.env.BENCH_RSS_FILE;
// The CLI runs only when it is the entry point: make it look like one.
process.argv = [process.argv[0] ?? 'node', resolve(cli), ...args];
process.on('exit', () => {
  const usage = process.resourceUsage();
  // Same fields and units as `/usr/bin/time -f '%M %U %S'`: kilobytes, seconds.
  writeFileSync(report, `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`);
});
await import(pathToFileURL(resolve(cli)).href);
