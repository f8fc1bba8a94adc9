// Tokenizer of parameter expressions, and the error every expression problem is reported with.
import { HelenError } from '../errors.js';
import { unitOf } from './units.js';

/** A problem in an expression; `offset` is the 0-based index (UTF-16 units) of the offending token. */
export class ExpressionError extends HelenError {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super('E_EXPR', message);
    this.name = 'ExpressionError';
    this.offset = offset;
  }
}

export type Op = '+' | '-' | '*' | '/' | '%' | '**' | '(' | ')' | ',';
export interface Token {
  kind: 'num' | 'name' | 'op' | 'end';
  text: string;
  offset: number;
  end: number;
  value: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z_µμ]$/.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

export const column = (offset: number): number => offset + 1;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const digits = (j: number): number => {
    while (isDigit(text[j]) || (text[j] === '_' && isDigit(text[j - 1]) && isDigit(text[j + 1]))) j++;
    return j;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      let j = digits(i);
      if (text[j] === '.') j = digits(j + 1);
      if (
        (text[j] === 'e' || text[j] === 'E') &&
        (isDigit(text[j + 1]) || ('+-'.includes(text[j + 1] ?? 'x') && isDigit(text[j + 2])))
      ) {
        j = digits(j + (isDigit(text[j + 1]) ? 1 : 2));
      }
      const lexeme = text.slice(i, j);
      tokens.push({ kind: 'num', text: lexeme, offset: i, end: j, value: Number(lexeme.replaceAll('_', '')) });
      i = j;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (isNamePart(text[j])) j++;
      // `um^2` is one unit name; any other `^` is rejected below with a hint.
      if (text.startsWith('^2', j) && unitOf(text.slice(i, j) + '^2')) j += 2;
      tokens.push({ kind: 'name', text: text.slice(i, j), offset: i, end: j, value: 0 });
      i = j;
    } else if ('+-*/%(),'.includes(c)) {
      const op = c === '*' && text[i + 1] === '*' ? '**' : c;
      tokens.push({ kind: 'op', text: op, offset: i, end: i + op.length, value: 0 });
      i += op.length;
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      const hint = c === '^' ? '; write powers with "**"' : '';
      throw new ExpressionError(`unexpected character ${JSON.stringify(ch)} at column ${column(i)}${hint}`, i);
    }
  }
  tokens.push({ kind: 'end', text: '', offset: text.length, end: text.length, value: 0 });
  return tokens;
}
