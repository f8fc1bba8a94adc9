import { HelenError, type SourceLocation } from '../../core/index.js';
import { int64, onnx, type Onnx } from './proto.js';

const TYPE = onnx.AttributeProto.AttributeType;

/** The attribute type names messages use, by `AttributeProto.AttributeType` code. */
const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(TYPE).map(([name, code]) => [code as number, name]),
);

/**
 * A node's attributes with typed getters: an attribute of the wrong type is a
 * HelenError at the node naming the attribute, the type expected and the type found.
 */
export class NodeAttributes {
  private readonly byName = new Map<string, Onnx.IAttributeProto>();

  constructor(
    node: Onnx.INodeProto,
    private readonly at: SourceLocation,
  ) {
    for (const a of node.attribute ?? []) this.byName.set(a.name ?? '', a);
  }

  /** Whether the node sets `name`. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** An INT attribute, or `fallback` when absent. */
  int(name: string, fallback: number): number {
    const a = this.typed(name, TYPE.INT);
    return a ? int64(a.i) : fallback;
  }

  /** An INTS attribute, or `fallback` when absent. */
  ints(name: string, fallback: number[] | undefined): number[] | undefined {
    const a = this.typed(name, TYPE.INTS);
    return a ? (a.ints ?? []).map(int64) : fallback;
  }

  /** A FLOAT attribute, or `fallback` when absent. */
  float(name: string, fallback: number): number {
    const a = this.typed(name, TYPE.FLOAT);
    return a ? (a.f ?? 0) : fallback;
  }

  /** A STRING attribute (UTF-8), or `fallback` when absent. */
  string(name: string, fallback: string): string {
    const a = this.typed(name, TYPE.STRING);
    return a ? new TextDecoder().decode(a.s ?? new Uint8Array()) : fallback;
  }

  /** A TENSOR attribute, or undefined when absent. */
  tensor(name: string): Onnx.ITensorProto | undefined {
    return this.typed(name, TYPE.TENSOR)?.t ?? undefined;
  }

  private typed(name: string, want: number): Onnx.IAttributeProto | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    const got = a.type ?? TYPE.UNDEFINED;
    if (got !== want)
      throw new HelenError(
        'E_WORKLOAD',
        `attribute "${name}" must be ${TYPE_NAMES[want]}, got ${TYPE_NAMES[got] ?? `type ${got}`}`,
        this.at,
      );
    return a;
  }
}
