// Helen in a Web Worker: the CLI's own loader, kernel, families and readers, over an in-memory file system that
// holds the shipped examples and the page's edited files.
import { compareArchitectures } from '../api/compare.js';
import { renderHtmlReport } from '../api/report/html.js';
import { utilisationTimeline } from '../api/report/timeline.js';
import { runSimulation, type RunProgress } from '../api/run.js';
import { defaultSession } from '../api/session.js';
import { runWithTrace } from '../api/trace/record.js';
import { convertTrace } from '../api/trace/transform.js';
import { validateFiles } from '../api/validate.js';
import { HelenError, HelenErrors } from '../core/errors.js';
import { useFileSystem } from '../core/io/file-system.js';
import { MemoryFileSystem } from '../core/io/memory-file-system.js';
import { bundledFiles } from './bundled-files.js';
import { parseOverrides } from './overrides.js';
import type { Design, Problem, Reply, Request, RunOutputs } from './protocol.js';

/** The worker's working folder: bundled paths are relative to it, as the CLI's are to the repository root. */
const ROOT = '/helen';
const TRACE_VCD = '/out/trace.vcd';
const TRACE_PERFETTO = '/out/trace.json';
/** Bins of the inline timeline (the page zooms into them). */
const TIMELINE_BINS = 600;

const session = defaultSession();

/** A fresh file system per request: the bundled files, then the design's own (edited ones replace bundled ones). */
function filesFor(design: Design): MemoryFileSystem {
  const fs = new MemoryFileSystem(ROOT);
  for (const [path, content] of Object.entries(bundledFiles())) fs.writeFile(path, content);
  for (const [path, text] of Object.entries(design.files)) fs.writeFile(path, text);
  fs.mkdir('/out', { recursive: true });
  useFileSystem(fs);
  return fs;
}

function problemsOf(e: unknown): Problem[] {
  const one = (p: HelenError): Problem => ({
    ...(p.location?.file !== undefined ? { file: p.location.file } : {}),
    ...(p.location?.line !== undefined ? { line: p.location.line } : {}),
    ...(p.location?.column !== undefined ? { column: p.location.column } : {}),
    code: p.code,
    message: p.message,
    text: p.format(),
  });
  if (e instanceof HelenErrors) return e.problems.map(one);
  if (e instanceof HelenError) return [one(e)];
  const message = e instanceof Error ? e.message : String(e);
  return [{ code: 'E_INTERNAL', message, text: `internal error: ${message}` }];
}

/** Progress at most every 50 ms: a message per event would flood the page. */
function throttled(send: (p: RunProgress) => void): (p: RunProgress) => void {
  let last = 0;
  let stage = '';
  return (p) => {
    const now = performance.now();
    if (p.stage === stage && now - last < 50) return;
    last = now;
    stage = p.stage;
    send(p);
  };
}

function run(id: number, design: Design, trace: boolean): RunOutputs {
  const fs = filesFor(design);
  const onProgress = throttled((progress) => post({ kind: 'progress', id, progress }));
  const options = {
    architecture: design.architecture,
    workload: design.workload,
    overrides: parseOverrides(design.overrides),
    session,
    onProgress,
  };
  if (!trace) return { report: runSimulation(options), html: '' };
  const report = runWithTrace(options, { file: TRACE_VCD });
  const timeline = utilisationTimeline(TRACE_VCD, { endHintPs: report.time_ps, bins: TIMELINE_BINS });
  convertTrace(TRACE_VCD, TRACE_PERFETTO);
  const page = utilisationTimeline(TRACE_VCD, { endHintPs: report.time_ps });
  return {
    report,
    html: renderHtmlReport(report, { timeline: page, views: session.views }),
    vcd: fs.readText(TRACE_VCD),
    perfetto: fs.readText(TRACE_PERFETTO),
    timeline,
  };
}

function post(reply: Reply): void {
  (self as unknown as Worker).postMessage(reply);
}

function handle(request: Request): void {
  const { id, design } = request;
  try {
    if (request.kind === 'validate') {
      filesFor(design);
      const overrides = parseOverrides(design.overrides);
      const [result] = validateFiles([design.architecture], { session, overrides });
      post({ kind: 'validated', id, problems: result!.problems.flatMap(problemsOf) });
    } else if (request.kind === 'run') {
      post({ kind: 'ran', id, outputs: run(id, design, request.trace) });
    } else {
      filesFor(design);
      const comparison = compareArchitectures(design.architecture, design.architectureB ?? design.architecture, {
        workload: design.workload,
        overrides: parseOverrides(design.overrides),
        session,
        onProgress: throttled((progress) => post({ kind: 'progress', id, progress })),
      });
      post({ kind: 'compared', id, comparison });
    }
  } catch (e) {
    post({ kind: 'failed', id, problems: problemsOf(e) });
  }
}

self.onmessage = (event: MessageEvent<Request>) => handle(event.data);
post({ kind: 'ready' });
