// A progress bar on a terminal's stderr; silent when stderr is not a terminal.
export interface Progress {
  update(step: number, loss: number): void;
  done(): void;
}

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const t0 = Date.now();
  let drawn = false;
  return {
    update(step, loss) {
      const width = 30;
      const f = Math.min(1, step / total);
      const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
      const secs = (Date.now() - t0) / 1000;
      const eta = f > 0 ? (secs / f) * (1 - f) : 0;
      stream.write(
        `\r[${bar}] ${step}/${total} loss ${loss.toPrecision(6)}  ${secs.toFixed(1)} s, ${eta.toFixed(1)} s left `,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
