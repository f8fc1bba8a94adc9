// The playground page: editors, the example menu, run/stop/compare, results, sharing. Helen itself runs in
// workers (web/worker.ts): one lints as you type, one runs and is terminated by Stop.
import type { EditorView } from 'codemirror';
import type { JSONSchema7 } from 'json-schema';
import type { ComparisonReport, RunProgress, RunReport } from '../api/index.js';
import { bundledPaths, bundledText } from './bundled-files.js';
import { createEditor, diagnosticsFor, setText, showProblems } from './editors.js';
import { EXAMPLES, type Example } from './examples.js';
import { HelenWorker } from './helen-worker.js';
import type { Design, Problem, RunOutputs } from './protocol.js';
import { comparisonTable, downloadLink, figuresTable, openInPerfetto } from './results.js';
import { decodeDesign, encodeDesign } from './share.js';
import { TimelineView } from './timeline.js';

/** What tests (and the curious) can read back from the page. */
interface PlaygroundState {
  status: 'loading' | 'idle' | 'running' | 'done' | 'failed';
  lastReport?: RunReport;
  lastComparison?: ComparisonReport;
  lastProblems?: Problem[];
  /** Helen's located problems in the architecture editor, as last linted (line and column are 1-based). */
  architectureProblems: Problem[];
  /** ms from navigation start to the end of the first run. */
  firstRunMs?: number;
  runs: number;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const state: PlaygroundState = { status: 'loading', runs: 0, architectureProblems: [] };
(window as unknown as { helenPlayground: PlaygroundState }).helenPlayground = state;

const runner = new HelenWorker();
/** Linting waits for the first run, so that the two do not share the processor while the page starts. */
let firstRunDone: () => void;
const firstRun = new Promise<void>((done) => (firstRunDone = done));
let checker: HelenWorker | undefined;
/** Files opened from disk or edited, beyond the two in the editors. */
const extraFiles: Record<string, string> = {};
let architecturePath = '';
let workloadPath = '';

const schema = JSON.parse(bundledText('docs/helen.schema.json') ?? '{}') as JSONSchema7;
const architectureEditor: EditorView = createEditor($('architecture-editor'), {
  yaml: true,
  schema,
  file: () => architecturePath,
  check: async (file) => {
    await firstRun;
    checker ??= new HelenWorker();
    const reply = await checker.ask({ kind: 'validate', design: design() });
    const problems = reply.kind === 'validated' || reply.kind === 'failed' ? reply.problems : [];
    state.architectureProblems = problems;
    return diagnosticsFor(architectureEditor.state.doc, file, problems);
  },
});
const workloadEditor: EditorView = createEditor($('workload-editor'), {
  yaml: true,
  file: () => workloadPath,
});
const timeline = new TimelineView($<HTMLCanvasElement>('timeline'), $('timeline-caption'));

/** The design as the page now shows it. */
function design(): Design {
  return {
    architecture: architecturePath,
    workload: workloadPath,
    architectureB: $<HTMLSelectElement>('architecture-b').value,
    overrides: $<HTMLTextAreaElement>('overrides').value,
    files: {
      ...extraFiles,
      [architecturePath]: architectureEditor.state.doc.toString(),
      [workloadPath]: workloadEditor.state.doc.toString(),
    },
  };
}

function showDesign(d: Design): void {
  Object.assign(extraFiles, d.files);
  architecturePath = d.architecture;
  workloadPath = d.workload;
  $('architecture-path').textContent = d.architecture;
  $('workload-path').textContent = d.workload;
  setText(architectureEditor, d.files[d.architecture] ?? bundledText(d.architecture) ?? '');
  setText(workloadEditor, d.files[d.workload] ?? bundledText(d.workload) ?? '(binary file)');
  $<HTMLTextAreaElement>('overrides').value = d.overrides;
  if (d.architectureB) $<HTMLSelectElement>('architecture-b').value = d.architectureB;
}

function openExample(e: Example): void {
  for (const k of Object.keys(extraFiles)) delete extraFiles[k];
  showDesign({ ...e, overrides: e.overrides ?? '', files: {} });
}

function status(text: string, fraction?: number): void {
  $('status-text').textContent = text;
  const bar = $<HTMLProgressElement>('progress');
  bar.hidden = fraction === undefined;
  if (fraction !== undefined) bar.value = fraction;
}

function onProgress(p: RunProgress): void {
  const n = (x: number): string => x.toLocaleString('en-US');
  status(
    `${p.stage}${p.detail ? ` · ${p.detail}` : ''}${p.stage === 'simulating' ? ` · ${n(p.events)} events, ${n(p.operations)} operations` : ''}`,
    p.fraction ?? 0,
  );
}

function showFailure(problems: Problem[]): void {
  state.status = 'failed';
  state.lastProblems = problems;
  status(problems[0]?.code === 'E_STOPPED' ? 'stopped' : 'the run failed');
  const box = $('problems');
  box.hidden = false;
  box.textContent = problems.map((p) => p.text).join('\n');
  showProblems(
    architectureEditor,
    architecturePath,
    problems.filter((p) => p.file !== undefined),
  );
  showProblems(
    workloadEditor,
    workloadPath,
    problems.filter((p) => p.file !== undefined),
  );
}

function busy(running: boolean): void {
  state.status = running ? 'running' : state.status;
  $<HTMLButtonElement>('run').disabled = running;
  $<HTMLButtonElement>('compare').disabled = running;
  $<HTMLButtonElement>('stop').disabled = !running;
  if (running) {
    $('problems').hidden = true;
    status('starting', 0);
  }
}

function showRun(out: RunOutputs): void {
  const r = out.report;
  $('figures').innerHTML = figuresTable(r);
  $('comparison').innerHTML = '';
  const downloads = $('downloads');
  downloads.replaceChildren(
    downloadLink('helen-report.json', JSON.stringify(r, null, 2), 'application/json', 'JSON report'),
  );
  if (out.vcd) downloads.append(downloadLink('helen-trace.vcd', out.vcd, 'text/plain', 'VCD trace'));
  if (out.perfetto) {
    const perfetto = out.perfetto;
    downloads.append(downloadLink('helen-trace.json', perfetto, 'application/json', 'Perfetto trace'));
    const open = document.createElement('button');
    open.textContent = 'Open in ui.perfetto.dev';
    open.disabled = !navigator.onLine;
    open.onclick = () => openInPerfetto(perfetto, `${r.architecture} on ${r.workload}`);
    downloads.append(open);
  }
  $('timeline-box').hidden = !out.timeline;
  timeline.show(out.timeline);
  const report = $<HTMLIFrameElement>('report');
  report.hidden = !out.html;
  report.srcdoc = out.html;
  status(`done: ${r.stop.message || r.stop.reason} (${(r.wall_s * 1000).toFixed(0)} ms simulated in the browser)`);
}

async function run(): Promise<void> {
  busy(true);
  const reply = await runner.ask(
    { kind: 'run', design: design(), trace: $<HTMLInputElement>('trace').checked },
    onProgress,
  );
  busy(false);
  if (reply.kind === 'ran') {
    state.status = 'done';
    state.lastReport = reply.outputs.report;
    showRun(reply.outputs);
  } else if (reply.kind === 'failed') showFailure(reply.problems);
  state.runs++;
  state.firstRunMs ??= performance.now();
  firstRunDone();
}

async function compare(): Promise<void> {
  busy(true);
  const reply = await runner.ask({ kind: 'compare', design: design() }, onProgress);
  busy(false);
  if (reply.kind === 'compared') {
    state.status = 'done';
    state.lastComparison = reply.comparison;
    $('comparison').innerHTML = comparisonTable(reply.comparison);
    status('compared');
  } else if (reply.kind === 'failed') showFailure(reply.problems);
  state.runs++;
}

function save(path: string, view: EditorView): void {
  const a = downloadLink(path.split('/').pop() ?? 'file.yaml', view.state.doc.toString(), 'text/yaml', '');
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Opened files go under `uploads/`; a YAML with top-level `components:` becomes the architecture, any other the workload. */
async function openFiles(files: FileList): Promise<void> {
  for (const file of [...files]) {
    const path = `uploads/${file.name}`;
    const text = await file.text();
    extraFiles[path] = text;
    if (/\.ya?ml$/i.test(file.name) && /^components\s*:/m.test(text)) {
      architecturePath = path;
      $('architecture-path').textContent = path;
      setText(architectureEditor, text);
    } else {
      workloadPath = path;
      $('workload-path').textContent = path;
      setText(workloadEditor, text);
    }
  }
}

async function share(): Promise<void> {
  const hash = await encodeDesign(design());
  history.replaceState(null, '', hash);
  const note = $('share-note');
  try {
    await navigator.clipboard.writeText(location.href);
    note.textContent = 'link copied';
  } catch {
    note.textContent = 'link in the address bar';
  }
}

async function main(): Promise<void> {
  const menu = $<HTMLSelectElement>('example');
  EXAMPLES.forEach((e, i) => menu.add(new Option(e.title, String(i))));
  menu.onchange = () => openExample(EXAMPLES[Number(menu.value)]!);
  const b = $<HTMLSelectElement>('architecture-b');
  for (const p of bundledPaths())
    if (/^architectures\/[^/]+\.ya?ml$|^architectures\/examples\/[^/]+\.ya?ml$/.test(p)) b.add(new Option(p, p));
  $('run').onclick = () => void run();
  $('compare').onclick = () => void compare();
  $('stop').onclick = () => runner.stop();
  $('share').onclick = () => void share();
  $('save-architecture').onclick = () => save(architecturePath, architectureEditor);
  $('save-workload').onclick = () => save(workloadPath, workloadEditor);
  $<HTMLInputElement>('open').onchange = (e) => void openFiles((e.target as HTMLInputElement).files!);
  $('zoom-in').onclick = () => timeline.zoom(0.5);
  $('zoom-out').onclick = () => timeline.zoom(2);
  $('zoom-reset').onclick = () => timeline.reset();
  let shared: Design | undefined;
  try {
    shared = await decodeDesign(location.hash);
  } catch (e) {
    status(`the link's design cannot be read: ${(e as Error).message}`);
  }
  if (shared) showDesign(shared);
  else openExample(EXAMPLES[0]!);
  state.status = 'idle';
  await run();
}

void main();
