import { declaredOutput, HelenError, type Elaboration, type OutputFileWriter } from '../core/index.js';

/** Files a spiking run can write beside its report. */
export interface SpikeOutputFiles {
  /** AER CSV (`t_us,address`) of the output populations' spikes (`--spikes-out`): the output `spikes`. */
  spikesOut?: string;
  /** CSV of every synapse's target and realised weight and its two conductances (`--dump-weights`): the output `weights`. */
  dumpWeights?: string;
}

/**
 * Writes the output spikes and the weights of a spiking run. Hook `onModel`
 * into the run's options, call `commit` once it has returned and `abort` if
 * it failed: both files are written to temporary names and renamed only by
 * `commit`, so a failed run leaves no partial file.
 *
 * The files are outputs the model's component types declare (`spikes`,
 * `weights`; see `OutputFileDecl`): which family writes them, and how, is the
 * family's business. A model none of whose types declares one is an error.
 */
export class SpikeOutputs {
  private spikes: OutputFileWriter | undefined;
  private weights: OutputFileWriter | undefined;
  /** Spikes written to `spikesOut`. */
  spikesWritten = 0;

  constructor(readonly files: SpikeOutputFiles) {}

  /** Whether any file was asked for. */
  get wanted(): boolean {
    return this.files.spikesOut !== undefined || this.files.dumpWeights !== undefined;
  }

  readonly onModel = (model: Elaboration): void => {
    if (this.files.spikesOut !== undefined)
      this.spikes = openOutput(model, 'spikes', '--spikes-out', this.files.spikesOut);
    if (this.files.dumpWeights !== undefined)
      this.weights = openOutput(model, 'weights', '--dump-weights', this.files.dumpWeights);
  };

  /** Writes what is left and moves the files into place. */
  commit(): void {
    if (this.spikes) this.spikesWritten = this.spikes.commit();
    this.weights?.commit();
  }

  abort(): void {
    this.spikes?.abort();
    this.weights?.abort();
  }
}

/** Opens output `name` of `model` on `file`; `option` names the request in the error when no type declares it. */
function openOutput(model: Elaboration, name: string, option: string, file: string): OutputFileWriter {
  const decl = declaredOutput(model.sim.components, name);
  if (!decl)
    throw new HelenError(
      'E_USAGE',
      `${option}: nothing in ${model.spec.name} writes "${name}" (no component type of the model declares that output)`,
    );
  return decl.open(model, file);
}
