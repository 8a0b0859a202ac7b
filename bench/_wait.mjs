import { create, globals } from 'webgpu'; Object.assign(globalThis, globals);
const gpu = create([]); let WG = 1;
const a = await gpu.requestAdapter();
const d = await a.requestDevice();
const code = `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> n: vec4<u32>;
@compute @workgroup_size(1) fn main() {
  var x = 0.0;
  for (var i = 0u; i < n.x; i++) { x = x * 0.999 + f32(i & 7u); }
  out[0] = x;
}`;
const m = d.createShaderModule({ code });
const p = d.createComputePipeline({ layout: 'auto', compute: { module: m, entryPoint: 'main' } });
const out = d.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
const uni = d.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
const stg = d.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
const bg = d.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }, { binding: 1, resource: { buffer: uni } }] });
function submit(n) {
  d.queue.writeBuffer(uni, 0, new Uint32Array([n, 0, 0, 0]));
  const e = d.createCommandEncoder(); const pass = e.beginComputePass(); pass.setPipeline(p); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(WG); pass.end();
  e.copyBufferToBuffer(out, 0, stg, 0, 16); d.queue.submit([e.finish()]);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function trial(n, mode) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  submit(n);
  if (mode === 'map') { await stg.mapAsync(GPUMapMode.READ); }
  else if (mode === 'done') { await d.queue.onSubmittedWorkDone(); await stg.mapAsync(GPUMapMode.READ); }
  else if (mode.startsWith('sleep')) { await sleep(+mode.slice(5)); await stg.mapAsync(GPUMapMode.READ); }
  const t1 = performance.now(); const c1 = process.cpuUsage(c0);
  stg.unmap();
  return { n, mode, wall: +(t1 - t0).toFixed(1), cpu: +((c1.user + c1.system) / 1000).toFixed(1) };
}
await trial(1000, 'map');
for (const wg of [1, 2, 8]) { WG = wg; for (const mode of ['map', 'sleep250', 'sleep290', 'sleep320', 'map']) console.log(wg, JSON.stringify(await trial(5e7 / wg * (wg > 1 ? 2 : 1) , mode))); }
// Pure spin estimate: how much CPU does the binding burn with an idle wait on a finished job?
d.destroy();
