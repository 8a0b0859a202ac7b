// Data and initial params beyond float32's range, which the WebGPU backend computes in: E0711 naming the first.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import { indexPath } from '../data/support.js';
import { DiagnosticsError, error, type Diagnostic } from '../diag/diagnostic.js';
import type { Span } from '../diag/span.js';
import { constrainValues } from '../distributions/constrain-values.js';
import type { ParamState } from './step-input.js';

/** The largest float32 and its smallest normal number (below it a GPU may flush a value to 0). */
export const F32_MAX = 3.4028234663852886e38;
export const F32_MIN_NORMAL = 1.1754943508222875e-38;

/** Whether float32 holds `x` without overflow or flushing it to 0 (0 itself is fine). */
export const inFloat32 = (x: number): boolean =>
  x === 0 || (Math.abs(x) <= F32_MAX && Math.abs(x) >= F32_MIN_NORMAL);

/** WebGPU's refusal of values beyond float32: `auto` fits and simulates on the CPU instead, with this as the note. */
export class BeyondFloat32 extends DiagnosticsError {
  override readonly name = 'BeyondFloat32';
  constructor(readonly diagnostic: Diagnostic) {
    super([diagnostic]);
  }
}

export const isBeyondFloat32 = (e: unknown): e is BeyondFloat32 =>
  e instanceof Error && e.name === 'BeyondFloat32';

/** The first data value beyond float32, as E0711 at its declaration (sizes and ints included), or null. */
export function dataBeyondFloat32(checked: CheckedProgram, data: BoundData): BeyondFloat32 | null {
  for (const d of checked.data) {
    const a = data.arrays.get(d.name);
    if (!a) continue;
    const j = a.values.findIndex((x) => !inFloat32(x));
    if (j < 0) continue;
    const value = a.values[j]!;
    return new BeyondFloat32(
      a.shape.length === 0
        ? error('E0711', checked.file, d.span, { variant: 'member', name: d.name, value })
        : error('E0711', checked.file, d.span, {
            variant: 'element',
            name: d.name,
            value,
            path: d.name + indexPath(j, a.shape),
          }),
    );
  }
  return null;
}

/**
 * Where a param is declared: its `param` statement, or for an autoguide's (`z.loc`, `mvn.cov_factor`) the latent it
 * guides, else the guide.
 */
function paramSpan(checked: CheckedProgram, name: string): Span | null {
  const own = checked.sites.find((s) => s.role === 'param' && s.name === name);
  if (own) return own.span;
  const site = name.slice(0, Math.max(0, name.lastIndexOf('.')));
  const latent = checked.sites.find((s) => s.role === 'latent' && s.name === site);
  return latent?.span ?? checked.guide.span;
}

/**
 * The first param whose start is beyond float32, as E0711 at its declaration, or null. Its unconstrained value is
 * what the GPU holds, and its constrained one what the kernels compute from it (a positive param at 1e300 is 690.8
 * unconstrained, but exp(690.8) overflows in float32). A value too small for float32 is 0 there: as good as its own
 * for a real or interval param, but not where an exponential made it (positive, unit, simplex: 1e-40 is exp(-92),
 * which float32 flushes to 0, and its log is then -∞).
 */
export function paramsBeyondFloat32(
  checked: CheckedProgram,
  params: readonly ParamState[],
): BeyondFloat32 | null {
  for (const p of params) {
    if (p.decl.block === 'source') continue;
    const x = constrainValues(p.decl.constraint, p.values, p.shape);
    const kind = p.decl.constraint.kind;
    const tiny = kind === 'positive' || kind === 'unit' || kind === 'simplex';
    const j = x.findIndex(
      (v, k) =>
        Math.abs(p.values[k]!) > F32_MAX || Math.abs(v) > F32_MAX || (tiny && !inFloat32(v)),
    );
    if (j < 0) continue;
    const name = p.decl.name;
    const span = paramSpan(checked, name);
    // Constrained through its unconstrained value: 1e300 comes back as 9.999999999999763e299.
    const value = Number(x[j]!.toPrecision(6));
    return new BeyondFloat32(
      p.shape.length === 0
        ? error('E0711', checked.file, span, { variant: 'param', name, value })
        : error('E0711', checked.file, span, {
            variant: 'paramElement',
            name,
            value,
            path: name + indexPath(j, p.shape),
          }),
    );
  }
  return null;
}
