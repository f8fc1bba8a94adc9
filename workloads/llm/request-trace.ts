import { HelenError, type SourceLocation } from '../../core/index.js';
import { LineReader } from '../../core/io/line-reader.js';

/** One inference request of a trace. */
export interface LlmRequest {
  /** Arrival, ps after the first request of the trace. */
  arrivalPs: number;
  /** Prompt tokens. */
  contextTokens: number;
  /** Tokens to generate (the first comes from prefill). */
  generatedTokens: number;
  /** Where the request is written. */
  loc: SourceLocation;
}

/** Above this many requests a trace is refused rather than held in memory. */
export const MAX_REQUESTS = 1_000_000;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,12}))?$/;

/**
 * A timestamp in ps, exact (a bigint: ps since 1970 overflow 2^53): seconds
 * as a decimal number, or an Azure-style `YYYY-MM-DD HH:MM:SS.fffffff` date-time (UTC).
 */
export function timestampPs(text: string): bigint | undefined {
  const secs = /^(\d+)(?:\.(\d{1,12}))?$/.exec(text);
  if (secs) return BigInt(secs[1]!) * 10n ** 12n + BigInt((secs[2] ?? '').padEnd(12, '0'));
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const wholeMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Number.isNaN(wholeMs)) return undefined;
  return BigInt(wholeMs) * 10n ** 9n + BigInt((m[7] ?? '').padEnd(12, '0'));
}

/**
 * Reads a request trace in the public Azure LLM inference format: a header
 * `TIMESTAMP,ContextTokens,GeneratedTokens`, then one request per line, in
 * arrival order. Arrivals are made relative to the first request.
 */
export function readRequestTrace(file: string, displayName = file): LlmRequest[] {
  const reader = new LineReader(file, displayName);
  try {
    const header = reader.next();
    const names = (header ?? '').split(',').map((x) => x.trim().toLowerCase());
    if (names.join(',') !== 'timestamp,contexttokens,generatedtokens') {
      throw new HelenError(
        'E_WORKLOAD',
        'the first line must be the header "TIMESTAMP,ContextTokens,GeneratedTokens" (Azure LLM trace format)',
        { file: displayName, line: 1, column: 1 },
      );
    }
    const out: LlmRequest[] = [];
    let first: bigint | undefined;
    let last: bigint | undefined;
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const at = (column: number): SourceLocation => ({ file: displayName, line: reader.lineNumber, column });
      const cells: { text: string; column: number }[] = [];
      let col = 1;
      for (const raw of line.split(',')) {
        cells.push({ text: raw.trim(), column: col + raw.length - raw.trimStart().length });
        col += raw.length + 1;
      }
      if (cells.length !== 3)
        throw new HelenError(
          'E_WORKLOAD',
          `expected 3 fields (TIMESTAMP, ContextTokens, GeneratedTokens), found ${cells.length}`,
          at(1),
        );
      const ts = timestampPs(cells[0]!.text);
      if (ts === undefined)
        throw new HelenError(
          'E_WORKLOAD',
          `TIMESTAMP must be seconds or "YYYY-MM-DD HH:MM:SS.fff", found "${cells[0]!.text}"`,
          at(cells[0]!.column),
        );
      if (last !== undefined && ts < last)
        throw new HelenError(
          'E_WORKLOAD',
          'requests must be in arrival order (TIMESTAMP went back)',
          at(cells[0]!.column),
        );
      last = ts;
      first ??= ts;
      const num = (i: number, what: string): number => {
        const c = cells[i]!;
        if (!/^\d+$/.test(c.text) || +c.text < 1)
          throw new HelenError('E_WORKLOAD', `${what} must be a whole number ≥ 1, found "${c.text}"`, at(c.column));
        return +c.text;
      };
      out.push({
        arrivalPs: Number(ts - first),
        contextTokens: num(1, 'ContextTokens'),
        generatedTokens: num(2, 'GeneratedTokens'),
        loc: at(1),
      });
      if (out.length > MAX_REQUESTS) throw new HelenError('E_LIMIT', `more than ${MAX_REQUESTS} requests`, at(1));
    }
    if (out.length === 0)
      throw new HelenError('E_WORKLOAD', 'the trace has a header but no requests', {
        file: displayName,
        line: reader.lineNumber || 1,
      });
    return out;
  } finally {
    reader.close();
  }
}
