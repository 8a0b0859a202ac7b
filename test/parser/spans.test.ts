// Exact spans (1-based line/column, 0-based offset, half-open) of a few nodes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { modelBody, parseOk } from './helpers.js';
import type { Span } from '../../src/diag/span.js';

const src = `data N: int
model {
  sample mu ~ Normal(0, 10)
  plate i in N {
    observe y[i] ~ Normal(mu + 2 * x[i], 1.5)
  }
}
`;

const at = (s: Span): string =>
  `${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column} [${s.start.offset},${s.end.offset})`;

test('spans of declarations, statements and expressions', () => {
  const p = parseOk(src);
  assert.is(at(p.span), `1:1-8:1 [0,${src.length})`);
  const data = p.items[0]!;
  assert.is(at(data.span), '1:1-1:12 [0,11)');
  const model = p.items[1]!;
  assert.is(at(model.span), '2:1-7:2 [12,116)');
  const [sample, plate] = modelBody(p);
  assert.ok(sample?.kind === 'Sample' && plate?.kind === 'Plate');
  if (sample?.kind !== 'Sample' || plate?.kind !== 'Plate') return;
  assert.is(at(sample.span), '3:3-3:28 [22,47)');
  assert.is(at(sample.name.span), '3:10-3:12 [29,31)');
  assert.is(at(sample.dist.span), '3:15-3:28 [34,47)');
  assert.is(at(sample.dist.args[1]!.span), '3:25-3:27 [44,46)');
  assert.is(at(plate.span), '4:3-6:4 [50,114)');
  assert.is(at(plate.index.span), '4:9-4:10 [56,57)');
  assert.is(at(plate.size.span), '4:14-4:15 [61,62)');
  const obs = plate.body[0];
  assert.ok(obs?.kind === 'Observe');
  if (obs?.kind !== 'Observe') return;
  assert.is(at(obs.span).slice(0, 11), '5:5-5:46 [6');
  assert.is(at(obs.indices[0]!.span).slice(0, 9), '5:15-5:16');
  const loc = obs.dist.args[0]!.value;
  assert.is(loc.kind, 'Binary');
  assert.is(at(loc.span).slice(0, 9), '5:27-5:40');
  if (loc.kind !== 'Binary') return;
  assert.is(at(loc.right.span).slice(0, 9), '5:32-5:40');
  if (loc.right.kind !== 'Binary') return;
  assert.is(at(loc.right.right.span).slice(0, 9), '5:36-5:40');
  // Every span's offsets agree with its line/column.
  const lines = src.split('\n');
  const offsetOf = (line: number, col: number): number =>
    lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  for (const s of [sample.span, plate.span, obs.span, loc.span]) {
    assert.is(s.start.offset, offsetOf(s.start.line, s.start.column));
    assert.is(s.end.offset, offsetOf(s.end.line, s.end.column));
  }
});

test('a unary minus spans its operator; a call spans its parentheses', () => {
  const p = parseOk('model { let a = -exp(x) }');
  const s = modelBody(p)[0];
  assert.ok(s?.kind === 'Let');
  if (s?.kind !== 'Let') return;
  assert.is(at(s.value.span), '1:17-1:24 [16,23)');
  assert.ok(s.value.kind === 'Unary');
  if (s.value.kind !== 'Unary') return;
  assert.is(at(s.value.operand.span), '1:18-1:24 [17,23)');
});

test.run();
