import { HelenError, type SourceLocation } from '../../core/index.js';
import { LineReader } from '../../core/io/line-reader.js';
import { convToGemm, type ConvLayer } from './conv.js';

/** One layer of a topology, lowered to the GEMM the array runs. */
export interface GemmLayer {
  /** Layer name from the file (depthwise layers get `Channel_i` appended per channel, as in SCALE-Sim). */
  name: string;
  M: number;
  N: number;
  K: number;
  /** The convolution the GEMM was lowered from (conv form only), for readers that map convolutions themselves. */
  conv?: ConvLayer;
  /** Where the layer is written, for errors raised when it runs. */
  loc: SourceLocation;
}

/** Which of SCALE-Sim's two topology forms a file uses. */
export type TopologyForm = 'gemm' | 'conv';

const GEMM_HEADER = 'Layer, M, N, K,';
const CONV_HEADER =
  'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';

interface Field {
  text: string;
  /** 1-based column where the field's text starts. */
  column: number;
}

/** Splits a CSV line on commas, keeping each trimmed field's column; a trailing comma (SCALE-Sim's style) adds no field. */
function fields(line: string): Field[] {
  const out: Field[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === ',') {
      const raw = line.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      out.push({ text: raw.trim(), column: start + lead + 1 });
      start = i + 1;
    }
  }
  if (out.length > 1 && out[out.length - 1]!.text === '') out.pop();
  return out;
}

/** The form a header line announces, or undefined if it is neither. */
export function topologyForm(header: string): TopologyForm | undefined {
  const f = fields(header).map((x) => x.text.toLowerCase());
  if (f.length === 4 && f[1] === 'm' && f[2] === 'n' && f[3] === 'k') return 'gemm';
  if ((f.length === 8 || f.length === 9) && f[0]!.startsWith('layer')) return 'conv';
  return undefined;
}

/**
 * Reads a SCALE-Sim topology CSV: a header, then one layer per line, either
 * `name, M, N, K,` or `name, IFMAP H, IFMAP W, Filter H, Filter W, Channels,
 * Num Filter, Stride[, Stride W],`. Every problem is a HelenError with file,
 * line and column.
 */
export function readTopology(file: string, displayName = file): { form: TopologyForm; layers: GemmLayer[] } {
  const reader = new LineReader(file, displayName);
  try {
    const header = reader.next();
    const form = header === undefined ? undefined : topologyForm(header);
    if (!form) {
      throw new HelenError(
        'E_WORKLOAD',
        `the first line must be a SCALE-Sim topology header: "${GEMM_HEADER}" (GEMMs) or "${CONV_HEADER}" (convolutions)`,
        { file: displayName, line: 1, column: 1 },
      );
    }
    const layers: GemmLayer[] = [];
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const at = (column: number): SourceLocation => ({ file: displayName, line: reader.lineNumber, column });
      const f = fields(line);
      const want = form === 'gemm' ? [4] : [8, 9];
      if (!want.includes(f.length)) {
        const expected = form === 'gemm' ? GEMM_HEADER : CONV_HEADER;
        throw new HelenError(
          'E_WORKLOAD',
          `expected ${want.join(' or ')} fields like the header "${expected}", found ${f.length}`,
          at(f[Math.min(f.length, want[0]!) - 1]?.column ?? 1),
        );
      }
      const name = f[0]!.text;
      if (name === '') throw new HelenError('E_WORKLOAD', 'the layer needs a name', at(1));
      const num = (i: number, what: string): number => {
        const x = f[i]!;
        if (!/^\d+$/.test(x.text) || Number(x.text) < 1 || !Number.isSafeInteger(Number(x.text))) {
          throw new HelenError('E_WORKLOAD', `${what} must be a whole number ≥ 1, found "${x.text}"`, at(x.column));
        }
        return Number(x.text);
      };
      if (form === 'gemm') {
        layers.push({ name, M: num(1, 'M'), N: num(2, 'N'), K: num(3, 'K'), loc: at(1) });
        continue;
      }
      const conv: ConvLayer = {
        ifmapH: num(1, 'IFMAP height'),
        ifmapW: num(2, 'IFMAP width'),
        filterH: num(3, 'filter height'),
        filterW: num(4, 'filter width'),
        channels: num(5, 'channels'),
        filters: num(6, 'number of filters'),
        strideH: num(7, 'stride'),
        strideW: f.length === 9 ? num(8, 'horizontal stride') : num(7, 'stride'),
      };
      if (conv.filterH > conv.ifmapH)
        throw new HelenError(
          'E_WORKLOAD',
          `filter height ${conv.filterH} exceeds IFMAP height ${conv.ifmapH}`,
          at(f[3]!.column),
        );
      if (conv.filterW > conv.ifmapW)
        throw new HelenError(
          'E_WORKLOAD',
          `filter width ${conv.filterW} exceeds IFMAP width ${conv.ifmapW}`,
          at(f[4]!.column),
        );
      // SCALE-Sim runs a layer whose name contains "DP" (depthwise) as one single-channel layer per channel.
      const perChannel = name.includes('DP');
      const copies = perChannel ? conv.channels : 1;
      const g = convToGemm(perChannel ? { ...conv, channels: 1 } : conv);
      for (let c = 0; c < copies; c++)
        layers.push({
          name: perChannel ? `${name}Channel_${c}` : name,
          M: g.M,
          N: g.N,
          K: g.K,
          conv: perChannel ? { ...conv, channels: 1 } : conv,
          loc: at(1),
        });
    }
    if (layers.length === 0)
      throw new HelenError('E_WORKLOAD', 'the topology has a header but no layers', {
        file: displayName,
        line: reader.lineNumber || 1,
      });
    return { form, layers };
  } finally {
    reader.close();
  }
}
