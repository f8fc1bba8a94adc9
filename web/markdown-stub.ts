// Stands in for codemirror-json-schema's markdown renderer (markdown-it plus the shiki highlighter, ~450 KiB and a
// start-up cost): Helen's schema descriptions are one plain sentence, shown escaped.
import { esc } from '../core/report/format.js';

/** The description as escaped HTML text. */
export function renderMarkdown(markdown: string): string {
  return esc(markdown);
}
