/**
 * Virtual time for the limiter tests: a clock that only moves when everyone sleeps; each step
 * wakes the earliest sleeper (ties in the order they slept). Time is exact and a test takes none.
 */
export function virtualTime() {
  const t0 = Date.parse('2026-12-02T00:00:00Z');
  let now = t0;
  const pending: Array<{ at: number; seq: number; resolve: () => void }> = [];
  let seq = 0;
  const clock = { now: () => new Date(now) };
  const sleep = (ms: number) => new Promise<void>((resolve) => pending.push({ at: now + Math.max(0, ms), seq: seq++, resolve }));
  /** Runs until `work` settles, moving time forward whenever nothing else can run. */
  async function run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const out = work.finally(() => (done = true));
    out.catch(() => undefined);
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (pending.length === 0) continue;
      let i = 0;
      for (let k = 1; k < pending.length; k++) if (pending[k]!.at < pending[i]!.at || (pending[k]!.at === pending[i]!.at && pending[k]!.seq < pending[i]!.seq)) i = k;
      const [next] = pending.splice(i, 1);
      now = Math.max(now, next!.at);
      next!.resolve();
    }
    return out;
  }
  return { clock, sleep, run, elapsed: () => now - t0 };
}
