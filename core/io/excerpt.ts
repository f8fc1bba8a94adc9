/** At most this many characters of a user's file are quoted in one message. */
export const EXCERPT_CHARS = 80;

/**
 * What a message may quote of text read from a file: its first line, cut to
 * `max` characters with an ellipsis. A file that fails to parse may be anything
 * (a key file reached by mistake), so a message never repeats more of it.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const newline = text.search(/[\r\n]/);
  const line = newline < 0 ? text : text.slice(0, newline);
  const chars = [...line];
  const cut = chars.length > max || newline >= 0;
  return cut ? chars.slice(0, max).join('') + '…' : line;
}

/**
 * A JSON value as a message shows it: a scalar as written (an excerpt), a
 * list or an object by its kind. Stringifying a value read from a file
 * overflowed the stack once it nested 100 000 deep, and quoted it whole.
 */
export function shownValue(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length} value${v.length === 1 ? '' : 's'}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return excerpt(JSON.stringify(v) ?? String(v));
}
