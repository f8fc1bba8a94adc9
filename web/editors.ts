import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { Extension, Text } from '@codemirror/state';
import { EditorView, basicSetup } from 'codemirror';
import { yamlSchema } from 'codemirror-json-schema/yaml';
import type { JSONSchema7 } from 'json-schema';
import type { Problem } from './protocol.js';

/** Asks Helen's validator for the problems of the design as it now stands. */
export type HelenCheck = () => Promise<Problem[]>;

/** The document range a problem's line and column point at (the rest of the line from the column). */
export function problemRange(doc: Text, p: Problem): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(1, p.line ?? 1), doc.lines));
  const from = Math.min(line.to, line.from + Math.max(0, (p.column ?? 1) - 1));
  return { from, to: Math.max(from + 1 <= line.to ? line.to : from, from) };
}

/** Problems located in `file` as CodeMirror diagnostics (unlocated ones at the top). */
export function diagnosticsFor(doc: Text, file: string, problems: readonly Problem[]): Diagnostic[] {
  return problems
    .filter((p) => p.file === undefined || sameFile(p.file, file))
    .map((p) => ({ ...problemRange(doc, p), severity: 'error', message: p.text, source: 'helen' }));
}

/** The loader names files as the user gave them (relative) or absolute under the worker's root. */
function sameFile(a: string, b: string): boolean {
  const strip = (f: string): string => f.replace(/^\/helen\//, '').replace(/^\.\//, '');
  return strip(a) === strip(b);
}

/** An editor of one file; `check` lints it with Helen's own validator, `schema` adds completion and hover. */
export function createEditor(
  parent: HTMLElement,
  options: { yaml: boolean; schema?: JSONSchema7; check?: (file: string) => Promise<Diagnostic[]>; file: () => string },
): EditorView {
  const extensions: Extension[] = [basicSetup, lintGutter(), EditorView.lineWrapping];
  if (options.schema) extensions.push(yamlSchema(options.schema));
  else if (options.yaml) extensions.push(yaml());
  const check = options.check;
  if (check) extensions.push(linter(() => check(options.file()), { delay: 400 }));
  return new EditorView({ parent, extensions });
}

/** Replaces an editor's text. */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Shows `problems` located in `file` in the editor (a failed run's, say). */
export function showProblems(view: EditorView, file: string, problems: readonly Problem[]): void {
  view.dispatch(setDiagnostics(view.state, diagnosticsFor(view.state.doc, file, problems)));
}
