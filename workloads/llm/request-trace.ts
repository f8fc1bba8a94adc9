import { EXACT_TIME_RANGE, HelenError, MAX_TIME_PS, type SourceLocation } from '../../core/index.js';
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

/** ps since the first request that still schedule exactly. */
const MAX_ARRIVAL_PS = BigInt(MAX_TIME_PS);

/**
 * A timestamp in ps, exact (a bigint: ps since 1970 overflow 2^53), or what is
 * wrong with it: seconds as a decimal number, or an Azure-style
 * `YYYY-MM-DD HH:MM:SS.fffffff` date-time (UTC) naming a real calendar date
 * and time (no month 13, no 30 February, no hour 24).
 */
export function parseTimestamp(text: string): { ps: bigint } | { problem: string } {
  const secs = /^(\d+)(?:\.(\d{1,12}))?$/.exec(text);
  if (secs) return { ps: BigInt(secs[1]!) * 10n ** 12n + BigInt((secs[2] ?? '').padEnd(12, '0')) };
  const m = DATETIME.exec(text);
  if (!m) return { problem: `TIMESTAMP must be seconds or "YYYY-MM-DD HH:MM:SS.fff", found "${text}"` };
  const field = (i: number): number => Number(m[i]);
  const year = field(1);
  const month = field(2);
  const day = field(3);
  const hour = field(4);
  const minute = field(5);
  const second = field(6);
  const bad = (what: string, range: string, value: number): { problem: string } => ({
    problem: `TIMESTAMP "${text}": ${what} ${value} is not ${range}`,
  });
  if (month < 1 || month > 12) return bad('month', 'a month (01 to 12)', month);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day < 1 || day > daysInMonth) return bad('day', `a day of ${year}-${m[2]} (01 to ${daysInMonth})`, day);
  if (hour > 23) return bad('hour', 'an hour (00 to 23)', hour);
  if (minute > 59) return bad('minute', 'a minute (00 to 59)', minute);
  if (second > 59) return bad('second', 'a second (00 to 59)', second);
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const wholeMs = date.getTime();
  return { ps: BigInt(wholeMs) * 10n ** 9n + BigInt((m[7] ?? '').padEnd(12, '0')) };
}

/** A timestamp in ps (see `parseTimestamp`), or undefined when it is not a valid one. */
export function timestampPs(text: string): bigint | undefined {
  const t = parseTimestamp(text);
  return 'ps' in t ? t.ps : undefined;
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
      const parsed = parseTimestamp(cells[0]!.text);
      if ('problem' in parsed) throw new HelenError('E_WORKLOAD', parsed.problem, at(cells[0]!.column));
      const ts = parsed.ps;
      if (last !== undefined && ts < last)
        throw new HelenError(
          'E_WORKLOAD',
          'requests must be in arrival order (TIMESTAMP went back)',
          at(cells[0]!.column),
        );
      last = ts;
      first ??= ts;
      if (ts - first > MAX_ARRIVAL_PS)
        throw new HelenError(
          'E_TIME_OVERFLOW',
          `this request arrives ${formatSpan(ts - first)} after the first; Helen times a run exactly only up to ${EXACT_TIME_RANGE}`,
          at(cells[0]!.column),
        );
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

/** A span of ps in days (or seconds when shorter), for messages. */
function formatSpan(ps: bigint): string {
  const s = Number(ps / 10n ** 12n);
  return s >= 86_400 ? `${(s / 86_400).toFixed(1)} days` : s >= 3_600 ? `${(s / 3_600).toFixed(1)} hours` : `${s} s`;
}
