import { HelenError } from '../../core/index.js';
import { deconvOutputSize } from '../layers/deconv-shape.js';
import { outputSize, type Activation, type Layer, type LayerList } from '../layers/layer-list.js';
import type { LayerWeights } from '../layers/weights.js';
import { SHAPE_ONLY_WEIGHTS_KEY } from './graph.js';
import { forEachKernelEntry, nchw } from './layout.js';
import { DATA_TYPE, DEFAULT_OPSET, onnx, type Onnx } from './proto.js';
import { elements } from './tensors.js';

/** What `layersToOnnx` writes besides the layers. */
export interface OnnxWriteOptions {
  /** Trained weights by layer name: written as initializers with data; other layers' weights are declared by shape only. */
  weights?: ReadonlyMap<string, LayerWeights>;
  /** `producer_name` of the model (default `helen`). */
  producer?: string;
}

/** A tensor of the graph being written: its name and shape (dim 0 the batch). */
interface Tensor {
  name: string;
  shape: number[];
}

const TYPE = onnx.AttributeProto.AttributeType;

/**
 * A layer list as an ONNX ModelProto that Helen's reader reads back as the
 * same layers: each layer's input is the previous layer's output (reshaped
 * when the value count matches) or else a graph input of its own. Weights in
 * `options.weights` become initializers with data; all other weights are
 * graph inputs with declared shapes and no data, listed in the model's
 * `helen.shape_only_weights` metadata (so a file of a large network stays small).
 */
export function layersToOnnx(list: LayerList, options: OnnxWriteOptions = {}): Onnx.ModelProto {
  return new OnnxWriter(list, options).model();
}

/** The protobuf bytes of a model. */
export function encodeOnnx(model: Onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

class OnnxWriter {
  private readonly nodes: Onnx.INodeProto[] = [];
  private readonly inputs: Onnx.IValueInfoProto[] = [];
  private readonly initializers: Onnx.ITensorProto[] = [];
  private readonly shapeOnly: string[] = [];
  private readonly outputs = new Map<string, Tensor>();
  private current: Tensor | undefined;

  constructor(
    private readonly list: LayerList,
    private readonly options: OnnxWriteOptions,
  ) {}

  model(): Onnx.ModelProto {
    for (const l of this.list.layers) this.layer(l);
    const last = this.current!;
    return onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: DEFAULT_OPSET }],
      producerName: this.options.producer ?? 'helen',
      graph: {
        name: this.list.name,
        node: this.nodes,
        input: this.inputs,
        initializer: this.initializers,
        output: [valueInfo(last)],
      },
      metadataProps: this.shapeOnly.length ? [{ key: SHAPE_ONLY_WEIGHTS_KEY, value: this.shapeOnly.join(',') }] : [],
    });
  }

  private layer(l: Layer): void {
    const b = this.list.batch;
    const w = this.options.weights?.get(l.name);
    let out: Tensor;
    if (l.kind === 'conv' || l.kind === 'deconv') {
      const [h, wd, c] = l.input;
      const x = this.feed(l, [b, c, h, wd]);
      const dims = l.kind === 'conv' ? [l.outChannels, c, l.kernel, l.kernel] : [c, l.outChannels, l.kernel, l.kernel];
      const inputs = [x.name, this.weight(`${l.name}.weight`, dims, w && kernelTensor(w, dims, l.kind === 'deconv'))];
      if (w?.bias) inputs.push(this.weight(`${l.name}.bias`, [l.outChannels], w.bias));
      const size = (i: number) =>
        l.kind === 'conv'
          ? outputSize(i, l.kernel, l.stride, l.padding)
          : deconvOutputSize(i, l.kernel, l.stride, l.padding, l.outputPadding);
      out = this.node(
        l.kind === 'conv' ? 'Conv' : 'ConvTranspose',
        l.name,
        inputs,
        [b, l.outChannels, size(h), size(wd)],
        [
          ints('kernel_shape', [l.kernel, l.kernel]),
          ints('strides', [l.stride, l.stride]),
          ints('pads', [l.padding, l.padding, l.padding, l.padding]),
          ...(l.kind === 'deconv' ? [ints('output_padding', [l.outputPadding, l.outputPadding])] : []),
        ],
      );
      out = this.activation(l.name, l.activation, out);
    } else if (l.kind === 'fc') {
      out = this.fc(l, w);
    } else if (l.kind === 'pool') {
      const [h, wd, c] = l.input;
      const x = this.feed(l, [b, c, h, wd]);
      const size = (i: number) => outputSize(i, l.kernel, l.stride, 0);
      out = this.node(
        'MaxPool',
        l.name,
        [x.name],
        [b, c, size(h), size(wd)],
        [ints('kernel_shape', [l.kernel, l.kernel]), ints('strides', [l.stride, l.stride])],
      );
    } else if (l.kind === 'add') {
      const shape = nchw(b, l.input);
      const x = this.feed(l, shape, true);
      const from = this.outputs.get(l.from);
      if (!from || elements(from.shape) !== elements(shape))
        throw new HelenError(
          'E_WORKLOAD',
          `add layer "${l.name}": the output of "${l.from}" does not have the shape of its input [${l.input.join(', ')}]`,
          l.loc,
        );
      const other = this.reshape(from, shape, `${l.name}.from`);
      out = this.activation(l.name, l.activation, this.node('Add', l.name, [x.name, other.name], shape));
    } else {
      const x = this.feed(l, [b, l.M, l.K]);
      const y = this.graphInput(`${l.name}.rhs`, [b, l.K, l.N]);
      out = this.node('MatMul', l.name, [x.name, y.name], [b, l.M, l.N]);
    }
    this.outputs.set(l.name, out);
    this.current = out;
  }

  /** fc: rows 1 → Gemm (weights [out, in], transB 1); rows > 1 → MatMul on [batch, rows, in] with an Add for the bias. */
  private fc(l: Extract<Layer, { kind: 'fc' }>, w: LayerWeights | undefined): Tensor {
    const b = this.list.batch;
    if (l.rows === 1) {
      const x = this.feed(l, [b, l.inFeatures]);
      const transposed = w && transpose(w.values, w.rows, w.cols);
      const inputs = [x.name, this.weight(`${l.name}.weight`, [l.outFeatures, l.inFeatures], transposed)];
      if (w?.bias) inputs.push(this.weight(`${l.name}.bias`, [l.outFeatures], w.bias));
      const y = this.node('Gemm', l.name, inputs, [b, l.outFeatures], [int('transB', 1)]);
      return this.activation(l.name, l.activation, y);
    }
    const x = this.feed(l, [b, l.rows, l.inFeatures]);
    const weight = this.weight(`${l.name}.weight`, [l.inFeatures, l.outFeatures], w?.values);
    let y = this.node('MatMul', l.name, [x.name, weight], [b, l.rows, l.outFeatures]);
    if (w?.bias) {
      const bias = this.weight(`${l.name}.bias`, [l.outFeatures], w.bias);
      y = this.node('Add', `${l.name}.add_bias`, [y.name, bias], y.shape);
    }
    return this.activation(l.name, l.activation, y);
  }

  /**
   * A tensor of `shape` for layer `l`'s input: the previous output (reshaped
   * when its value count matches), else a new graph input; `follow` makes the
   * latter an error (an add layer's input must be the previous output).
   */
  private feed(l: Layer, shape: number[], follow = false): Tensor {
    const prev = this.current;
    if (prev && elements(prev.shape) === elements(shape)) return this.reshape(prev, shape, `${l.name}.input`);
    if (follow)
      throw new HelenError(
        'E_WORKLOAD',
        `${l.kind} layer "${l.name}": its input does not follow from the previous layer's output [${prev?.shape.slice(1).join(', ') ?? ''}]`,
        l.loc,
      );
    return this.graphInput(this.inputs.length === 0 ? 'input' : `${l.name}.input`, shape);
  }

  private reshape(t: Tensor, shape: number[], name: string): Tensor {
    if (t.shape.join() === shape.join()) return t;
    const target = `${name}.shape`;
    this.initializers.push({ name: target, dims: [shape.length], dataType: DATA_TYPE.INT64, int64Data: shape });
    return this.node('Reshape', `${name}.reshape`, [t.name, target], shape);
  }

  private graphInput(name: string, shape: number[]): Tensor {
    const t = { name, shape };
    this.inputs.push(valueInfo(t));
    return t;
  }

  /** A weight: an initializer with `values`, else a graph input declared by shape only. */
  private weight(name: string, dims: number[], values: Float32Array | undefined): string {
    if (values) {
      const raw = new Uint8Array(values.length * 4);
      const view = new DataView(raw.buffer);
      values.forEach((v, i) => view.setFloat32(i * 4, v, true));
      this.initializers.push({ name, dims, dataType: DATA_TYPE.FLOAT, rawData: raw });
    } else {
      this.graphInput(name, dims);
      this.shapeOnly.push(name);
    }
    return name;
  }

  private node(
    opType: string,
    name: string,
    inputs: string[],
    shape: number[],
    attribute: Onnx.IAttributeProto[] = [],
  ): Tensor {
    const out = { name: `${name}.out`, shape };
    this.nodes.push({ opType, name, input: inputs, output: [out.name], attribute });
    return out;
  }

  private activation(layer: string, a: Activation, x: Tensor): Tensor {
    if (a === 'none') return x;
    const op = a === 'relu' ? 'Relu' : 'Sigmoid';
    return this.node(op, `${layer}.${a}`, [x.name], x.shape);
  }
}

function valueInfo(t: Tensor): Onnx.IValueInfoProto {
  return {
    name: t.name,
    type: { tensorType: { elemType: DATA_TYPE.FLOAT, shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } },
  };
}

function ints(name: string, values: number[]): Onnx.IAttributeProto {
  return { name, type: TYPE.INTS, ints: values };
}

function int(name: string, value: number): Onnx.IAttributeProto {
  return { name, type: TYPE.INT, i: value };
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j]!;
  return out;
}

/** A layer's weight matrix as an ONNX kernel tensor of `dims` (see `forEachKernelEntry`). */
function kernelTensor(w: LayerWeights, dims: number[], inFirst: boolean): Float32Array {
  const out = new Float32Array(w.values.length);
  forEachKernelEntry(dims, inFirst, (t, m) => (out[t] = w.values[m]!));
  return out;
}
