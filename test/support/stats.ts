// Small statistics for tests: Pearson's correlation.
export function correlation(a: readonly number[], b: readonly number[]): number {
  const avg = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const [ma, mb] = [avg(a), avg(b)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((x, i) => {
    sab += (x - ma) * (b[i]! - mb);
    saa += (x - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}
