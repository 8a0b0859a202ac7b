// PlanUnsupported: the kernel planner met a program it cannot fuse yet (a plain sentence, never a wrong answer).
export class PlanUnsupported extends Error {
  override readonly name = 'PlanUnsupported';
  constructor(readonly sentence: string) {
    super(`the WebGPU backend does not support this program yet: ${sentence}`);
  }
}
