import { extname } from '../io/path.js';
import { HelenError } from '../errors.js';
import { checkOutputTarget } from '../io/output-file.js';
import { TRACE_OUTPUT } from './buffered-file.js';
import { JsonlTraceSource } from './jsonl-reader.js';
import { JsonlTraceWriter } from './jsonl-writer.js';
import { PerfettoTraceSource } from './perfetto-reader.js';
import { PerfettoTraceWriter } from './perfetto-writer.js';
import type { TraceMeta, TraceSink, TraceSource } from './trace-sink.js';
import { VcdTraceSource } from './vcd-reader.js';
import { VcdTraceWriter } from './vcd-writer.js';

/** The trace file formats, named by their extension. */
export type TraceFormat = 'vcd' | 'json' | 'jsonl';

/** The format of a trace file from its extension (`.vcd`, `.json` for Perfetto, `.jsonl`). */
export function traceFormatOf(file: string, what = 'trace file'): TraceFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.vcd' || ext === '.json' || ext === '.jsonl') return ext.slice(1) as TraceFormat;
  throw new HelenError(
    'E_TRACE_FORMAT',
    `${what} "${file}": the extension chooses the format; use .vcd (waveforms), .json (Perfetto timeline) or .jsonl (one event per line)`,
    { file },
  );
}

/** A streaming writer for `file` in the format its extension names. */
export function createTraceWriter(file: string, meta: TraceMeta): TraceSink {
  // A folder, a FIFO or a device named as the trace fails here, before the run, instead of blocking or being replaced.
  checkOutputTarget(file, TRACE_OUTPUT);
  switch (traceFormatOf(file)) {
    case 'vcd':
      return new VcdTraceWriter(file, meta);
    case 'json':
      return new PerfettoTraceWriter(file, meta);
    case 'jsonl':
      return new JsonlTraceWriter(file, meta);
  }
}

/** Opens a trace file for reading: VCD, Chrome/Perfetto JSON or Helen JSON Lines. */
export function openTraceSource(file: string): TraceSource {
  switch (traceFormatOf(file)) {
    case 'vcd':
      return new VcdTraceSource(file);
    case 'jsonl':
      return new JsonlTraceSource(file);
    case 'json':
      return new PerfettoTraceSource(file);
  }
}
