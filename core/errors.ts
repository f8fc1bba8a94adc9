/** Where in a user's input a problem was found. */
export interface SourceLocation {
  /** File the problem is in (as the user named it). */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** Dotted path inside the document, e.g. `components.tile[3].adc.bits`. */
  path?: string;
}

/**
 * The one error class Helen raises for problems a user can act on.
 * `code` is stable (tests and scripts match on it); `message` says what is expected.
 */
export class HelenError extends Error {
  readonly code: string;
  readonly location: SourceLocation | undefined;

  constructor(code: string, message: string, location?: SourceLocation) {
    super(message);
    this.name = 'HelenError';
    this.code = code;
    this.location = location;
  }

  /** `file:line:col: path: message [code]`, the form the CLI prints. */
  format(): string {
    return formatProblem(this.code, this.message, this.location);
  }
}

/** Several problems found in one pass (a loader reports them all, not just the first). */
export class HelenErrors extends HelenError {
  readonly problems: HelenError[];

  constructor(problems: HelenError[]) {
    super(problems[0]?.code ?? 'E_MULTIPLE', problems.map((p) => p.format()).join('\n'), problems[0]?.location);
    this.problems = problems;
  }

  override format(): string {
    return this.problems.map((p) => p.format()).join('\n');
  }
}

/** `problems` without repeats (same code, message and place), in order: a part used many times reports each problem once. */
export function uniqueProblems(problems: readonly HelenError[]): HelenError[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = p.format();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatProblem(code: string, message: string, loc?: SourceLocation): string {
  const where: string[] = [];
  if (loc?.file !== undefined) {
    let w = loc.file;
    if (loc.line !== undefined) w += `:${loc.line}`;
    if (loc.line !== undefined && loc.column !== undefined) w += `:${loc.column}`;
    where.push(w);
  }
  if (loc?.path) where.push(loc.path);
  const prefix = where.length ? where.join(': ') + ': ' : '';
  return `${prefix}${message} [${code}]`;
}
