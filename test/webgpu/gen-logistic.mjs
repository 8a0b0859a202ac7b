// Writes synthetic data for test/webgpu/logistic.ppl: node test/webgpu/gen-logistic.mjs N P OUT.json (seeded, deterministic).
import { writeFileSync } from 'node:fs';
const [N = 100000, P = 50] = process.argv.slice(2, 4).map(Number);
const out = process.argv[4] ?? '/tmp/pplc-logistic.json';
let s = 12345;
const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const w = Array.from({ length: P }, () => normal() * 0.5);
const x = [];
const y = [];
for (let i = 0; i < N; i++) {
  const row = Array.from({ length: P }, () => +normal().toFixed(3));
  const z = 0.3 + row.reduce((a, v, j) => a + v * w[j], 0);
  x.push(row);
  y.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
}
writeFileSync(out, JSON.stringify({ N, P, x, y }));
console.log(JSON.stringify({ out, N, P, w: w.map((v) => +v.toFixed(3)) }));
