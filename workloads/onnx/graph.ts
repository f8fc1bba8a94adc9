import { HelenError, type SourceLocation } from '../../core/index.js';
import type { Layer } from '../layers/layer-list.js';
import type { LayerWeights } from '../layers/weights.js';
import { NodeAttributes } from './attributes.js';
import type { OnnxReaderOptions } from './options.js';
import { int64, type Onnx } from './proto.js';
import { readTensor, type ConstantTensor } from './tensors.js';

/** An activation tensor: its shape (dim 0 is the batch) and the layer that produced it (none for a graph input). */
export interface ActivationTensor {
  shape: number[];
  /** Index of the producing layer in the layer list; undefined for a graph input. */
  producer: number | undefined;
  /** Known to hold no negative values (a ReLU's output, or a max pool of one). */
  nonNegative?: boolean;
}

/**
 * Metadata key of a model whose weights are declared by shape only (graph
 * inputs, no data): its value lists those inputs, comma-separated. Helen's
 * writer sets it; the reader treats the inputs it names as weights.
 */
export const SHAPE_ONLY_WEIGHTS_KEY = 'helen.shape_only_weights';

/** What one node sees of the graph while it is converted: its inputs, attributes, and the layers so far. */
export class NodeContext {
  /** The node's attributes, typed. */
  readonly attrs: NodeAttributes;
  /** The node's operator type. */
  readonly opType: string;

  constructor(
    private readonly walk: GraphWalk,
    readonly node: Onnx.INodeProto,
    /** Where the node is: file and `graph.node[i] (Op "name")`. */
    readonly at: SourceLocation,
    /** The name a layer made of this node gets. */
    readonly name: string,
  ) {
    this.attrs = new NodeAttributes(node, at);
    this.opType = node.opType ?? '';
  }

  /** A HelenError at this node. */
  fail(message: string): never {
    throw new HelenError('E_WORKLOAD', message, this.at);
  }

  /** Name of input `k` ('' when the optional input is absent). */
  inputName(k: number): string {
    return this.node.input?.[k] ?? '';
  }

  /** Whether input `k` is an activation (a graph input or an earlier node's output). */
  isActivation(k: number): boolean {
    return this.walk.acts.has(this.inputName(k));
  }

  /** Activation input `k` of rank `rank` (any rank when undefined). */
  activation(k: number, rank?: number): ActivationTensor {
    const name = this.inputName(k);
    const a = this.walk.acts.get(name);
    if (!a) {
      if (this.walk.constants.has(name))
        this.fail(`input ${k} "${name}" is a constant; ${this.opType} needs an activation there`);
      this.fail(this.unknown(k));
    }
    if (rank !== undefined && a.shape.length !== rank)
      this.fail(
        `input ${k} "${name}" has shape [${a.shape.join(', ')}]; ${this.opType} takes a rank-${rank} tensor here`,
      );
    return a;
  }

  /** Constant input `k` (an initializer or a Constant node's value); undefined when the optional input is absent. */
  constant(k: number): ConstantTensor | undefined {
    const name = this.inputName(k);
    if (name === '') return undefined;
    const c = this.walk.constants.get(name);
    if (c) return c;
    if (this.walk.acts.has(name))
      this.fail(`input ${k} "${name}" is an activation; Helen needs a constant (an initializer) there`);
    this.fail(this.unknown(k));
  }

  /** Constant input `k`, which must be given. */
  requiredConstant(k: number, what: string): ConstantTensor {
    const c = this.constant(k);
    if (!c) this.fail(`input ${k} (${what}) is missing`);
    return c;
  }

  /** Adds a layer made of this node; returns its index. */
  addLayer(layer: Layer, weights?: LayerWeights): number {
    this.walk.layers.push(layer);
    if (weights) this.walk.weights.set(layer.name, weights);
    return this.walk.layers.length - 1;
  }

  /** The layer at `index`. */
  layer(index: number): Layer {
    return this.walk.layers[index]!;
  }

  /** The weights of the layer at `index`, if the file had them. */
  weightsOf(index: number): LayerWeights | undefined {
    return this.walk.weights.get(this.walk.layers[index]!.name);
  }

  /** The number of layers so far. */
  get layerCount(): number {
    return this.walk.layers.length;
  }

  /** Whether activation input `k` is used by this node only (so a bias or activation may be folded into its producer). */
  soleUse(k: number): boolean {
    return (this.walk.uses.get(this.inputName(k)) ?? 0) === 1;
  }

  /** Records output `k` (default 0) as an activation. */
  output(a: ActivationTensor, k = 0): void {
    const name = this.node.output?.[k];
    if (name) this.walk.acts.set(name, a);
  }

  /** Records output 0 as a constant. */
  outputConstant(c: ConstantTensor): void {
    const name = this.node.output?.[0];
    if (name) this.walk.constants.set(name, c);
  }

  /** Records an approximation for reports. */
  note(text: string): void {
    this.walk.notes.push(`${this.opType} "${this.name}": ${text}`);
  }

  private unknown(k: number): string {
    const name = this.inputName(k);
    return name === ''
      ? `input ${k} is missing`
      : `input ${k} "${name}" is not a graph input, an initializer or the output of an earlier node`;
  }
}

/** Converts one node; registered per operator type. */
export type NodeConverter = (ctx: NodeContext) => void;

/** The walk over a graph: tensors known so far and the layers made. */
export class GraphWalk {
  /** Layers made so far, in node order. */
  readonly layers: Layer[] = [];
  /** Weights by layer name. */
  readonly weights = new Map<string, LayerWeights>();
  /** Skipped nodes, for reports. */
  readonly skipped: string[] = [];
  /** Approximations made, for reports. */
  readonly notes: string[] = [];
  /** Activation tensors by name. */
  readonly acts = new Map<string, ActivationTensor>();
  /** Constant tensors by name. */
  readonly constants = new Map<string, ConstantTensor>();
  /** How often each tensor is used (node inputs and graph outputs). */
  readonly uses = new Map<string, number>();
  /** The batch: dim 0 of the graph's activation inputs. */
  readonly batch: number;
  private readonly layerNames = new Set<string>();

  constructor(
    private readonly graph: Onnx.IGraphProto,
    private readonly file: string,
    private readonly options: OnnxReaderOptions,
    shapeOnlyWeights: ReadonlySet<string>,
  ) {
    (graph.initializer ?? []).forEach((t, i) =>
      this.constants.set(t.name ?? '', readTensor(t, { file, path: `graph.initializer[${i}] "${t.name ?? ''}"` })),
    );
    const inputs = (graph.input ?? []).filter((v) => !this.constants.has(v.name ?? ''));
    const activations = inputs.filter((v) => !shapeOnlyWeights.has(v.name ?? ''));
    this.checkShapeOptions(activations.map((v) => v.name ?? ''));
    for (const [i, v] of (graph.input ?? []).entries()) {
      const name = v.name ?? '';
      if (this.constants.has(name)) continue;
      const at = { file, path: `graph.input[${i}] "${name}"` };
      const shape = this.inputShape(v, at, activations.length === 1);
      if (shapeOnlyWeights.has(name)) this.constants.set(name, { dims: shape, values: undefined });
      else this.acts.set(name, { shape, producer: undefined });
    }
    const first = activations[0];
    if (!first) throw new HelenError('E_WORKLOAD', 'the graph has no input activation', { file, path: 'graph.input' });
    this.batch = this.acts.get(first.name ?? '')!.shape[0] ?? 1;
    for (const [name, a] of this.acts) {
      if (a.shape.length < 2 || a.shape[0] !== this.batch)
        throw new HelenError(
          'E_WORKLOAD',
          `input "${name}" has shape [${a.shape.join(', ')}]; Helen takes dim 0 of every input as the batch (${this.batch}) and at least one more dimension`,
          { file, path: 'graph.input' },
        );
    }
    for (const node of graph.node ?? []) for (const n of node.input ?? []) this.count(n);
    for (const out of graph.output ?? []) this.count(out.name ?? '');
  }

  /** Converts every node with `converters`; a type without one is an error unless `--ignore-op` names it. */
  run(converters: Readonly<Record<string, NodeConverter>>): void {
    (this.graph.node ?? []).forEach((node, i) => {
      const op = node.opType ?? '';
      const label = node.name ? `${op} "${node.name}"` : op;
      const at = { file: this.file, path: `graph.node[${i}] (${label})` };
      const ctx: NodeContext = new NodeContext(this, node, at, this.layerName(node, i));
      if (node.domain && node.domain !== 'ai.onnx')
        ctx.fail(
          `operator domain "${node.domain}" is not the standard ONNX domain; skip such nodes with --ignore-op ${op}`,
        );
      if (this.options.ignoreOps.has(op)) return this.skip(ctx, i);
      const convert = Object.hasOwn(converters, op) ? converters[op] : undefined;
      if (!convert)
        ctx.fail(
          `operator "${op}" is not supported (Helen reads ${Object.keys(converters).join(', ')}); skip such nodes on purpose with --ignore-op ${op}`,
        );
      convert(ctx);
    });
  }

  /** A skipped node passes its first input through to its first output. */
  private skip(ctx: NodeContext, index: number): void {
    const input = ctx.inputName(0);
    const a = this.acts.get(input);
    const c = this.constants.get(input);
    if (a) ctx.output(a);
    else if (c) ctx.outputConstant(c);
    else if (input !== '') ctx.activation(0);
    this.skipped.push(`${ctx.opType}${ctx.node.name ? ` "${ctx.node.name}"` : ''} (node ${index})`);
  }

  private count(name: string): void {
    if (name !== '') this.uses.set(name, (this.uses.get(name) ?? 0) + 1);
  }

  private layerName(node: Onnx.INodeProto, index: number): string {
    let name = node.name || `${(node.opType ?? 'node').toLowerCase()}${index}`;
    if (this.layerNames.has(name)) name = `${name}_${index}`;
    this.layerNames.add(name);
    return name;
  }

  /** Every --input-shape names an activation input (or is unnamed with one input). */
  private checkShapeOptions(inputs: readonly string[]): void {
    for (const name of this.options.inputShapes.keys()) {
      if (name === '' ? inputs.length === 1 : inputs.includes(name)) continue;
      throw new HelenError(
        'E_OPTION',
        name === ''
          ? `the model has ${inputs.length} inputs (${inputs.join(', ')}); name one: --input-shape ${inputs[0] ?? 'input'}=…`
          : `the model has no input "${name}"; its inputs: ${inputs.join(', ')}`,
        { file: '--input-shape' },
      );
    }
  }

  /** An input's shape: its declared dims, with dynamic ones (and any given) from --input-shape. */
  private inputShape(v: Onnx.IValueInfoProto, at: SourceLocation, onlyInput: boolean): number[] {
    const name = v.name ?? '';
    const given = this.options.inputShapes.get(name) ?? (onlyInput ? this.options.inputShapes.get('') : undefined);
    const tensorType = v.type?.tensorType;
    const declared = tensorType?.shape ? (tensorType.shape.dim ?? []) : undefined;
    if (given) {
      if (declared && declared.length !== given.length)
        throw new HelenError(
          'E_OPTION',
          `input "${name}" has ${declared.length} dimensions in the file; --input-shape gives ${given.length}`,
          { file: '--input-shape' },
        );
      declared?.forEach((d, j) => {
        const value = d.dimValue !== undefined && d.dimValue !== null ? int64(d.dimValue) : undefined;
        if (value !== undefined && value > 0 && value !== given[j])
          throw new HelenError(
            'E_OPTION',
            `dimension ${j} of input "${name}" is ${value} in the file; --input-shape gives ${given[j]}`,
            { file: '--input-shape' },
          );
      });
      return given;
    }
    if (!declared)
      throw new HelenError(
        'E_WORKLOAD',
        `input "${name}" declares no shape; give one with --input-shape ${name}=1x3x224x224 (its real dims)`,
        at,
      );
    return declared.map((d, j) => {
      const value = d.dimValue !== undefined && d.dimValue !== null ? int64(d.dimValue) : 0;
      if (value < 1)
        throw new HelenError(
          'E_WORKLOAD',
          `dimension ${j} of input "${name}" is dynamic (${d.dimParam ? `"${d.dimParam}"` : 'not given'}); give the shape with --input-shape, e.g. ${name}=${declared.map((e) => (e.dimValue ? int64(e.dimValue) : 1)).join('x')}`,
          at,
        );
      return value;
    });
  }
}
