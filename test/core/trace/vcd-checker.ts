/**
 * A strict IEEE 1364 VCD checker for the tests, independent of Helen's reader:
 * every command closed by `$end`, scopes balanced and closed before
 * `$enddefinitions`, identifiers declared once and used only when declared,
 * value forms matching the variable (scalar for 1-bit, `b` no wider than the
 * variable, `r` only for reals), time strictly increasing, no variable
 * changed twice at one time.
 */
export interface VcdCheck {
  timescale: string;
  vars: { id: string; scope: string; name: string; type: string; width: number }[];
  times: number[];
  /** Value changes outside `$dumpvars`. */
  changes: number;
  /** Values given in `$dumpvars`, by identifier. */
  dumpvars: Map<string, string>;
  /** The time unit in ps (1 fs is 0.001). */
  unitPs: number;
  /** Every change as `time_ps scope.name=value` (for comparing two files by content, whatever their units). */
  log: string[];
  /**
   * The same with numeric values: vectors as integers (64-bit ones with the top bit set as two's
   * complement), reals as numbers; so an integer variable in one file and a real one in another
   * compare by value.
   */
  numeric: string[];
}

const HEADER_COMMANDS = new Set([
  '$date',
  '$version',
  '$comment',
  '$timescale',
  '$scope',
  '$upscope',
  '$var',
  '$enddefinitions',
]);
const VAR_TYPES = new Set([
  'event',
  'integer',
  'parameter',
  'real',
  'realtime',
  'reg',
  'supply0',
  'supply1',
  'time',
  'tri',
  'triand',
  'trior',
  'trireg',
  'tri0',
  'tri1',
  'wand',
  'wire',
  'wor',
]);
const SCOPE_TYPES = new Set(['begin', 'fork', 'function', 'module', 'task']);

export function checkVcd(text: string): VcdCheck {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`VCD check failed at token ${i} ("${tokens[i] ?? 'EOF'}"): ${msg}`);
  };
  const untilEnd = (): string[] => {
    const out: string[] = [];
    for (i++; i < tokens.length && tokens[i] !== '$end'; i++) out.push(tokens[i]!);
    if (i >= tokens.length) fail('command without $end');
    i++;
    return out;
  };
  const result: VcdCheck = {
    timescale: '',
    unitPs: 1,
    vars: [],
    times: [],
    changes: 0,
    dumpvars: new Map(),
    log: [],
    numeric: [],
  };
  const byId = new Map<string, VcdCheck['vars'][number]>();
  const scopes: string[] = [];
  let ended = false;
  while (!ended) {
    const tok = tokens[i];
    if (tok === undefined) fail('no $enddefinitions');
    if (!HEADER_COMMANDS.has(tok!)) fail(`unexpected token in header`);
    const args = untilEnd();
    switch (tok) {
      case '$timescale':
        if (!/^(1|10|100)(s|ms|us|ns|ps|fs)$/.test(args.join(''))) fail(`bad timescale ${args.join(' ')}`);
        result.timescale = args.join('');
        {
          const m = /^(\d+)(\w+)$/.exec(result.timescale)!;
          result.unitPs = Number(m[1]) * { s: 1e12, ms: 1e9, us: 1e6, ns: 1e3, ps: 1, fs: 1e-3 }[m[2] as 's'];
        }
        break;
      case '$scope':
        if (args.length !== 2 || !SCOPE_TYPES.has(args[0]!)) fail(`bad $scope ${args.join(' ')}`);
        scopes.push(args[1]!);
        break;
      case '$upscope':
        if (args.length !== 0 || scopes.length === 0) fail('unbalanced $upscope');
        scopes.pop();
        break;
      case '$var': {
        const [type, size, id, name, ...rest] = args;
        if (!type || !VAR_TYPES.has(type)) fail(`bad var type ${type}`);
        const width = Number(size);
        if (!Number.isInteger(width) || width < 1) fail(`bad var size ${size}`);
        if (type === 'real' && width !== 64) fail('real variables are 64 bits');
        if (!id || !/^[!-~]+$/.test(id)) fail(`bad identifier ${id}`);
        if (byId.has(id!)) fail(`identifier ${id} declared twice`);
        if (!name || rest.length > 1) fail('bad reference');
        if (scopes.length === 0) fail('variable outside any scope');
        const v = { id: id!, scope: scopes.join('.'), name: name!, type: type!, width };
        if (result.vars.some((o) => o.scope === v.scope && o.name === v.name))
          fail(`${v.scope}.${v.name} declared twice`);
        byId.set(id!, v);
        result.vars.push(v);
        break;
      }
      case '$enddefinitions':
        if (scopes.length) fail('scopes still open at $enddefinitions');
        ended = true;
        break;
    }
  }
  if (!result.timescale) fail('no $timescale');
  let time = -1;
  let inDump = false;
  let changedNow = new Set<string>();
  const change = (id: string, value: string, form: 'scalar' | 'b' | 'r'): void => {
    const v = byId.get(id);
    if (!v) fail(`undeclared identifier ${id}`);
    if (time < 0) fail('value before the first time');
    if (form === 'scalar' && (v!.width !== 1 || v!.type === 'real'))
      fail(`scalar value for ${v!.width}-bit ${v!.type} ${id}`);
    if (form === 'b') {
      if (v!.type === 'real') fail(`binary value for real ${id}`);
      if (!/^[01xz]+$/.test(value)) fail(`bad binary value ${value}`);
      if (value.length > v!.width) fail(`value ${value} wider than ${v!.width} bits for ${id}`);
    }
    if (form === 'r') {
      if (v!.type !== 'real' && v!.type !== 'realtime') fail(`real value for ${v!.type} ${id}`);
      if (!Number.isFinite(Number(value))) fail(`bad real ${value}`);
    }
    if (changedNow.has(id)) fail(`${id} changed twice at time ${time}`);
    changedNow.add(id);
    if (inDump) result.dumpvars.set(id, value);
    else result.changes++;
    result.log.push(`${time * result.unitPs} ${v!.scope}.${v!.name}=${value}`);
    const n = /[xz]/.test(value)
      ? value
      : form === 'r'
        ? String(Number(value))
        : String(form === 'b' && value.length === 64 ? BigInt.asIntN(64, BigInt(`0b${value}`)) : BigInt(`0b${value}`));
    result.numeric.push(`${time * result.unitPs} ${v!.scope}.${v!.name}=${n}`);
  };
  while (i < tokens.length) {
    const tok = tokens[i]!;
    if (tok.startsWith('#')) {
      if (!/^#\d+$/.test(tok)) fail('bad time');
      const t = Number(tok.slice(1));
      if (t <= time) fail(`time not increasing: ${t} after ${time}`);
      if (inDump) fail('time inside $dumpvars');
      time = t;
      result.times.push(t);
      changedNow = new Set();
      i++;
    } else if (tok === '$dumpvars' || tok === '$dumpall' || tok === '$dumpon' || tok === '$dumpoff') {
      if (inDump) fail('nested dump command');
      inDump = true;
      i++;
    } else if (tok === '$end') {
      if (!inDump) fail('$end without a dump command');
      inDump = false;
      i++;
    } else if (tok === '$comment') {
      untilEnd();
    } else if (/^[01xz]/.test(tok)) {
      change(tok.slice(1), tok[0]!, 'scalar');
      i++;
    } else if (tok[0] === 'b' || tok[0] === 'r') {
      const id = tokens[i + 1];
      if (id === undefined) fail('value without identifier');
      change(id!, tok.slice(1), tok[0] === 'b' ? 'b' : 'r');
      i += 2;
    } else fail('unexpected token in body');
  }
  if (inDump) fail('$dumpvars not closed');
  return result;
}
