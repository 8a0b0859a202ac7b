// Philox4x32-10 against Random123's known-answer vectors, and the keyed draws' distribution.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { philox4x32, mulhi32 } from '../../src/rng/philox.js';
import { standardNormal, streamId, uniform01 } from '../../src/rng/keyed.js';

const hex = (a: Uint32Array): string[] => [...a].map((x) => x.toString(16).padStart(8, '0'));

test('known-answer vectors (Random123 kat_vectors, philox4x32_10)', () => {
  const out = new Uint32Array(4);
  philox4x32(0, 0, 0, 0, 0, 0, out);
  assert.equal(hex(out), ['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
  philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
  assert.equal(hex(out), ['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
  philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
  assert.equal(hex(out), ['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
});

test('mulhi32 agrees with BigInt', () => {
  let s = 12345;
  for (let i = 0; i < 2000; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const a = s;
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const b = s ^ 0xdeadbeef;
    const want = Number((BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n);
    assert.is(mulhi32(a >>> 0, b >>> 0), want);
  }
});

test('uniform draws are in (0, 1) with mean 1/2; normals have mean 0 and variance 1', () => {
  const n = 20000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  const st = streamId('x');
  for (let e = 0; e < n; e++) {
    const u = uniform01(7, st, 3, e, 0);
    assert.ok(u > 0 && u < 1);
    su += u;
    const z = standardNormal(7, st, 3, e, 0);
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.01);
  assert.ok(Math.abs(sn / n) < 0.03);
  assert.ok(Math.abs(sn2 / n - 1) < 0.04);
});

test('draws depend on every part of the key and counter', () => {
  const base = standardNormal(1, 2, 3, 4, 5, 6);
  assert.is.not(standardNormal(9, 2, 3, 4, 5, 6), base);
  assert.is.not(standardNormal(1, 9, 3, 4, 5, 6), base);
  assert.is.not(standardNormal(1, 2, 9, 4, 5, 6), base);
  assert.is.not(standardNormal(1, 2, 3, 9, 5, 6), base);
  assert.is.not(standardNormal(1, 2, 3, 4, 9, 6), base);
  assert.is.not(standardNormal(1, 2, 3, 4, 5, 9), base);
  assert.is(standardNormal(1, 2, 3, 4, 5, 6), base);
});

test.run();
