import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRequestTrace, timestampPs } from '../../../workloads/llm/request-trace.js';
import { errorOf } from '../../support/helen-error.js';

const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens\n';

/** A trace whose second request has `stamp` as its TIMESTAMP. */
function traceWith(stamp: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'helen-azure-')), 'trace.csv');
  writeFileSync(f, `${HEADER}2023-11-16 18:15:46.6805900,10,2\n${stamp},10,2\n`);
  return f;
}

describe('Azure request traces: timestamps name a real date and time, within the exact time range', () => {
  it.each([
    ['2023-13-45 99:99:99', /month 13 is not a month \(01 to 12\)/],
    ['2023-00-10 10:00:00', /month 0 is not a month/],
    ['2023-11-31 10:00:00', /day 31 is not a day of 2023-11 \(01 to 30\)/],
    ['2023-02-30 10:00:00', /day 30 is not a day of 2023-02 \(01 to 28\)/],
    ['2024-02-30 10:00:00', /day 30 is not a day of 2024-02 \(01 to 29\)/],
    ['2023-11-17 24:00:00', /hour 24 is not an hour \(00 to 23\)/],
    ['2023-11-17 10:60:00', /minute 60 is not a minute/],
    ['2023-11-17 10:00:60', /second 60 is not a second/],
    ['yesterday', /TIMESTAMP must be seconds or "YYYY-MM-DD HH:MM:SS\.fff", found "yesterday"/],
  ])('%s is refused at its line and column', (stamp, message) => {
    const e = errorOf(() => readRequestTrace(traceWith(stamp)));
    expect(e.code).toBe('E_WORKLOAD');
    expect(e.format()).toMatch(/trace\.csv:3:1: /);
    expect(e.message).toMatch(message);
    expect(timestampPs(stamp)).toBeUndefined();
  });

  it('real dates, leap days included, are accepted', () => {
    expect(timestampPs('2024-03-01 00:00:00')! - timestampPs('2024-02-29 23:59:59.5')!).toBe(500_000_000_000n);
    expect(timestampPs('2024-01-01 00:00:00')! - timestampPs('2023-12-31 23:59:59')!).toBe(1_000_000_000_000n);
  });

  it('a request beyond 2^53 ps after the first is E_TIME_OVERFLOW at its line, not a silently rounded arrival', () => {
    const e = errorOf(() => readRequestTrace(traceWith('2023-11-16 21:15:46.6805900')));
    expect(e.code).toBe('E_TIME_OVERFLOW');
    expect(e.format()).toMatch(/trace\.csv:3:1: this request arrives 3\.0 hours after the first; .* 2\^53 ps/);
    // Two hours is still exact.
    expect(readRequestTrace(traceWith('2023-11-16 20:15:46.6805901'))[1]!.arrivalPs).toBe(7_200_000_000_100_000);
  });
});
