// The objective of a method fitted by gradient descent on one loss: the loss and every param's gradient.
import { grad } from '../ad/grad.js';
import { simplify } from '../ir/passes/simplify.js';
import type { DeclaredOutput, Objective } from '../ir/objective.js';
import type { MethodIR } from './method.js';

export function descentObjective(ir: MethodIR): Objective {
  const wrt = ir.fn.params.map((p) => p.name);
  const outputs: DeclaredOutput[] = [
    { name: 'loss', role: { kind: 'loss' } },
    ...wrt.map((p): DeclaredOutput => ({
      name: `grad:${p}`,
      role: { kind: 'gradient', param: p },
    })),
  ];
  return { fn: simplify(grad(ir.fn, 'loss', wrt)), outputs, contraction: ir.contraction };
}
