import { dirname } from 'node:path';
import { declaredOutput, HelenError, type Elaboration, type OutputFileWriter } from '../core/index.js';
import { checkOutputTarget, ensureDir, outputError } from '../core/io/output-file.js';
import { watchTempDir } from './temp-reaper.js';

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
 * Both files are checked when this is made (before the run), and a failed
 * write is an `E_OUTPUT` error naming the file and its option.
 */
export class SpikeOutputs {
  private spikes: OutputFileWriter | undefined;
  private weights: OutputFileWriter | undefined;
  /** Spikes written to `spikesOut`. */
  spikesWritten = 0;

  constructor(readonly files: SpikeOutputFiles) {
    for (const [file, option] of this.requested()) {
      checkOutputTarget(file, { option });
      // The families write their temporary files beside the target; an interrupted run must not leave them.
      watchTempDir(dirname(file));
    }
  }

  /** The files asked for, with the option naming each. */
  private requested(): [string, string][] {
    const out: [string, string][] = [];
    if (this.files.spikesOut !== undefined) out.push([this.files.spikesOut, '--spikes-out']);
    if (this.files.dumpWeights !== undefined) out.push([this.files.dumpWeights, '--dump-weights']);
    return out;
  }

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
    const spikes = this.spikes;
    if (spikes) this.spikesWritten = writing(this.files.spikesOut!, '--spikes-out', () => spikes.commit());
    const weights = this.weights;
    if (weights) writing(this.files.dumpWeights!, '--dump-weights', () => weights.commit());
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
  return writing(file, option, () => {
    // Made here, one level at a time: a recursive mkdir would loop forever on a place like /proc/x.
    ensureDir(dirname(file));
    return decl.open(model, file);
  });
}

/** Runs a family's write of `file`, turning a system error (no space, permissions) into a located one. */
function writing<T>(file: string, option: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw outputError(e, file, { option });
  }
}
