import { create, globals } from 'webgpu'; Object.assign(globalThis, globals);
const gpu = create([]);
const a = await gpu.requestAdapter();
console.log(a.info, Object.fromEntries(Object.entries(Object.getOwnPropertyDescriptors(Object.getPrototypeOf(a.limits))).map(([k])=>[k,a.limits[k]])));
const d = await a.requestDevice();
console.log(d.limits.maxStorageBufferBindingSize);
d.destroy();
