/** What the Perfetto check found, for further assertions. */
export interface PerfettoCheck {
  events: Record<string, unknown>[];
  /** Track id → component name (thread_name metadata). */
  threads: Map<number, string>;
  slices: number;
  counters: number;
  maxTsUs: number;
}

/**
 * Checks a Chrome/Perfetto JSON trace: valid JSON object with `traceEvents`,
 * every track named by `thread_name` metadata before use, timestamps
 * non-decreasing per track and exact multiples of 1 ps, B/E slices nested
 * (each E closes the innermost open B of the same name) and all closed at the
 * end, counters numeric, nothing after `otherData.endPs`.
 */
export function checkPerfetto(text: string): PerfettoCheck {
  const doc = JSON.parse(text) as { traceEvents: Record<string, unknown>[]; otherData?: { endPs?: number } };
  if (!Array.isArray(doc.traceEvents)) throw new Error('no traceEvents array');
  const threads = new Map<number, string>();
  const stacks = new Map<number, string[]>();
  const last = new Map<number, number>();
  const out: PerfettoCheck = { events: doc.traceEvents, threads, slices: 0, counters: 0, maxTsUs: 0 };
  const endUs = doc.otherData?.endPs === undefined ? Infinity : doc.otherData.endPs / 1e6;
  for (const [n, e] of doc.traceEvents.entries()) {
    const fail = (msg: string): never => {
      throw new Error(`Perfetto check failed at event ${n} ${JSON.stringify(e)}: ${msg}`);
    };
    if (e['pid'] !== 1 || typeof e['tid'] !== 'number') fail('pid/tid');
    const tid = e['tid'] as number;
    if (e['ph'] === 'M') {
      if (e['name'] === 'thread_name') threads.set(tid, (e['args'] as { name: string }).name);
      continue;
    }
    if (!threads.has(tid)) fail('track used before its thread_name');
    const ts = e['ts'];
    if (typeof ts !== 'number' || ts < 0) fail('ts must be a non-negative number (µs)');
    const ps = (ts as number) * 1e6;
    if (Math.abs(ps - Math.round(ps)) > 1e-6 * Math.max(1, ps)) fail('ts is not a whole number of ps');
    if ((ts as number) < (last.get(tid) ?? 0)) fail('ts goes back on this track');
    if ((ts as number) > endUs + 1e-9) fail('ts after the end of the trace');
    last.set(tid, ts as number);
    out.maxTsUs = Math.max(out.maxTsUs, ts as number);
    const stack = stacks.get(tid) ?? [];
    stacks.set(tid, stack);
    switch (e['ph']) {
      case 'B':
        stack.push(e['name'] as string);
        out.slices++;
        break;
      case 'E':
        if (stack.pop() !== e['name']) fail('E does not close the innermost slice');
        break;
      case 'C':
        for (const v of Object.values(e['args'] as object))
          if (typeof v !== 'number') fail('counter value not a number');
        out.counters++;
        break;
      case 'i':
        break;
      default:
        fail(`unexpected phase ${String(e['ph'])}`);
    }
  }
  for (const [tid, s] of stacks) if (s.length) throw new Error(`track ${tid} ends with open slices ${s.join(', ')}`);
  return out;
}
