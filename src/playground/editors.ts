// The page's two CodeMirror editors (the .ppl program, the JSON data) and the diagnostics shown at their lines.
import { json } from '@codemirror/lang-json';
import { syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';
import { ppl, pplHighlight } from './ppl-language.js';
import type { PlacedDiagnostic } from './protocol.js';

export interface Editors {
  readonly program: EditorView;
  readonly data: EditorView;
}

/** Two editors in their parents; `onChange` runs after every edit of either. */
export function createEditors(
  programParent: HTMLElement,
  dataParent: HTMLElement,
  onChange: () => void,
): Editors {
  const changed = EditorView.updateListener.of((u) => {
    if (u.docChanged) onChange();
  });
  // classHighlighter adds tok-* classes beside the colours: the browser tests read the highlighting from them.
  const common = [basicSetup, lintGutter(), changed, syntaxHighlighting(classHighlighter)];
  return {
    program: new EditorView({
      parent: programParent,
      extensions: [...common, ppl, syntaxHighlighting(pplHighlight)],
    }),
    data: new EditorView({ parent: dataParent, extensions: [...common, json()] }),
  };
}

export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Shows the diagnostics at their places (clamped to the text as it is now: an edit may have shortened it). */
export function showDiagnostics(view: EditorView, ds: readonly PlacedDiagnostic[]): void {
  const n = view.state.doc.length;
  const marks: Diagnostic[] = ds.map((d) => {
    const from = Math.min(d.from, n);
    return {
      from,
      // An empty span (end of file) still marks one character, so that it can be seen.
      to: Math.min(Math.max(d.to, from + 1), n),
      severity: d.severity,
      source: d.code,
      message: `${d.line}:${d.column} ${d.message}`,
    };
  });
  view.dispatch(setDiagnostics(view.state, marks));
}
