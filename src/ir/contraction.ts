// A contraction plan as data: the order in which a factored log-density's sample and enumeration axes are summed out, plate by plate.
import type { AxisId } from './ir.js';

/** An axis summed out: a latent site's K samples (log-mean-exp) or an enumerated site's values (log-sum-exp). */
export interface ContractionVar {
  readonly axis: AxisId;
  readonly site: string;
  readonly kind: 'ksample' | 'enum';
  /** Plates with one index per element (the site's samples are independent across them). */
  readonly home: readonly AxisId[];
  /** Plates the site's value is combined across, so one index serves all their elements (part of its event). */
  readonly event: readonly AxisId[];
}

/** A log-density factor: the site (or observation) it is the term of, and the axes it has when contracted. */
export interface ContractionFactor {
  readonly id: number;
  readonly label: string;
  readonly vars: readonly AxisId[];
  readonly plates: readonly AxisId[];
  /** Plates summed before the contraction: no var of the factor has an index per element of them. */
  readonly early: readonly AxisId[];
}

export type ContractionStep =
  | {
      /** out = log Σ over `axis` of exp(Σ inputs) (less log K for K samples). */
      readonly kind: 'eliminate';
      readonly axis: AxisId;
      readonly inputs: readonly number[];
      readonly out: number;
      readonly vars: readonly AxisId[];
      readonly plates: readonly AxisId[];
    }
  | {
      /** out = Σ over the plate of input: the product of its elements' factors. */
      readonly kind: 'product';
      readonly plate: AxisId;
      readonly input: number;
      readonly out: number;
      readonly vars: readonly AxisId[];
      readonly plates: readonly AxisId[];
    };

export interface ContractionPlan {
  readonly vars: readonly ContractionVar[];
  readonly factors: readonly ContractionFactor[];
  readonly steps: readonly ContractionStep[];
  /** The factors left at the end, summed: the log of the estimate. */
  readonly result: readonly number[];
  /** The most vars any intermediate factor has (its size is K to that power, per plate element). */
  readonly widest: number;
}

const list = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

/** The plan as `--emit plan` prints it. */
export function printContraction(c: ContractionPlan): string {
  const lines = [
    'contraction: plate-aware variable elimination (Obermeyer et al. 2019), order fixed at compile time',
  ];
  lines.push(`  summed axes:${c.vars.length === 0 ? ' (none)' : ''}`);
  for (const v of c.vars)
    lines.push(
      `    ${v.axis}  ${v.kind === 'enum' ? 'enumerated' : 'K samples'} of ${v.site}, an index per element of ${list(v.home)}` +
        (v.event.length > 0 ? `, one index across ${list(v.event)} (its event)` : ''),
    );
  lines.push('  factors:');
  for (const f of c.factors)
    lines.push(
      `    f${f.id} ${f.label}: vars ${list(f.vars)} plates ${list(f.plates)}` +
        (f.early.length > 0 ? `, first summed over ${list(f.early)}` : ''),
    );
  lines.push('  steps:');
  for (const s of c.steps) {
    const rhs =
      s.kind === 'eliminate'
        ? `${c.vars.find((v) => v.axis === s.axis)?.kind === 'enum' ? 'logsumexp' : 'logmeanexp'} over ${s.axis} of ${s.inputs.map((i) => `f${i}`).join(' + ')}`
        : `sum over ${s.plate} of f${s.input}`;
    lines.push(`    f${s.out} = ${rhs}  -> vars ${list(s.vars)} plates ${list(s.plates)}`);
  }
  lines.push(`  result: ${c.result.map((i) => `f${i}`).join(' + ') || '0'}`);
  lines.push(`  widest intermediate: ${c.widest} summed axes per plate element`);
  return lines.join('\n');
}
