// A full garbage collection on demand, for `paperboy import` between two files: what one file's import
// allocated (its bytes, parsed items, records and papers) is garbage once it committed, but V8 sizes
// its next major collection from the live heap it last saw (mid-import, hundreds of MiB), so without
// this the second and third files' imports run on top of the first's garbage: the peak RSS of three
// files in one process was 265 to 394 MiB from run to run, 255 to 267 MiB in every run with it
// (BENCHMARKS.md, Session 6). Between files little is live, so the collection is cheap (35 to 170 ms under load).
// Node has no public call for it; --expose-gc set at run time installs gc() in contexts made after.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function fullGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}
