// helen-plugin-sram-cim: SRAM compute-in-memory macros for Helen, as an outside plug-in.
// Everything comes from 'helen' (the package's public entry), never from a deep path.
import { definePlugin } from 'helen';
import { cimChip } from './src/chip.js';
import { cimGemmDriver } from './src/driver.js';
import { gemmListReader } from './src/gemm-list.js';
import { sramMacro } from './src/macro.js';
import { gemmBarsView } from './src/view.js';

export { CimChip, cimChip } from './src/chip.js';
export { CimGemmDriver, cimGemmDriver, splitColumns } from './src/driver.js';
export { gemmListReader, parseGemmList } from './src/gemm-list.js';
export { SramMacro, sramMacro } from './src/macro.js';
export { sramMacroProperties } from './src/properties.js';
export { gemmCost } from './src/timing.js';
export { gemmBarsView } from './src/view.js';

/** The plug-in: what `--plugin` and `helen.config.mjs` load (the module's default export). */
export default definePlugin({
  name: 'helen-plugin-sram-cim',
  description: 'SRAM compute-in-memory: cim.sram_macro, cim.chip; gemm-list workloads; the cim_gemm_bars view',
  register(session) {
    session.registry.register(sramMacro).register(cimChip);
    session.addReader(gemmListReader);
    session.addDriver(cimGemmDriver);
    session.addView(gemmBarsView);
  },
});
