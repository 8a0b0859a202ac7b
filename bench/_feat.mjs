import { create, globals } from 'webgpu'; Object.assign(globalThis, globals);
const a = await create([]).requestAdapter();
const i = a.info; console.log(i.vendor, i.architecture, i.device, i.description, i.subgroupMinSize, i.subgroupMaxSize);
