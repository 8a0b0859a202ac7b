// Starting values given for a fit's params (constrained, as a fit's JSON prints them): checked against the params'
// shapes and supports, and turned into the unconstrained values a fit starts from.
import { unconstrainValues } from '../distributions/constrain-values.js';
import type { ParamState } from './step-input.js';
import { unnest } from './summary.js';

/** A given starting value that does not fit its param; the message names the param. */
export class InitError extends Error {}

const shapeText = (shape: readonly number[]): string =>
  shape.length === 0 ? 'a number' : `nested arrays of shape [${shape.join(', ')}]`;

/** The params with their values replaced by `given` (every fitted param, and nothing else, must be given). */
export function applyInit(
  params: readonly ParamState[],
  given: Readonly<Record<string, unknown>>,
): ParamState[] {
  const fitted = params.filter((p) => p.decl.block !== 'source');
  const names = new Set(fitted.map((p) => p.decl.name));
  const extra = Object.keys(given).filter((k) => !names.has(k));
  if (extra.length > 0)
    throw new InitError(
      `the initial values name ${extra.map((k) => `'${k}'`).join(', ')}, which this fit has no param of (its params: ${[...names].join(', ')})`,
    );
  const missing = [...names].filter((k) => !(k in given));
  if (missing.length > 0)
    throw new InitError(
      `the initial values have no value for ${missing.map((k) => `'${k}'`).join(', ')}`,
    );
  return params.map((p) => {
    if (p.decl.block === 'source') return p;
    const name = p.decl.name;
    const xs = unnest(given[name], p.shape);
    if (xs === null)
      throw new InitError(`the initial value of '${name}' must be ${shapeText(p.shape)}`);
    const values = unconstrainValues(p.decl.constraint, xs, p.shape);
    const bad = values.findIndex((u) => !Number.isFinite(u));
    if (bad >= 0)
      throw new InitError(
        `the initial value of '${name}' (${xs[bad]}${p.shape.length ? ` at element ${bad}` : ''}) is outside its constraint`,
      );
    return { ...p, values };
  });
}
