// Formats diagnostics one per line for pinned expectations: `CODE line:col message` (`-` for a whole-file problem).
import type { Diagnostic } from '../../src/diag/diagnostic.js';

export function diagLines(ds: readonly Diagnostic[]): string {
  return (
    ds
      .map((d) => {
        const where = d.span ? `${d.span.start.line}:${d.span.start.column}` : '-';
        return `${d.code} ${where}${d.severity === 'warning' ? ' warning:' : ''} ${d.message}`;
      })
      .join('\n') + '\n'
  );
}
