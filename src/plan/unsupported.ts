// PlanUnsupported: the kernel planner met a program it cannot fuse yet (a plain sentence, never a wrong answer).
export class PlanUnsupported extends Error {
  override readonly name = 'PlanUnsupported';
  constructor(readonly sentence: string) {
    super(`the WebGPU backend does not support this program yet: ${sentence}`);
  }
}

/** A PlanUnsupported, recognised by name (so callers need not load the planner to test for it). */
export const isPlanUnsupported = (e: unknown): e is Error =>
  e instanceof Error && e.name === 'PlanUnsupported';
