// Bundles what ngc (Angular's compiler, run first: see ../run.mjs) made of the component. Angular's
// own packages ship partially compiled; the linker finishes them, as the Angular CLI does.
import { defineConfig } from 'vite';
import { transformAsync } from '@babel/core';
import linker from '@angular/compiler-cli/linker/babel';

function angularLinker() {
  return {
    name: 'angular-linker',
    async transform(code, id) {
      if (!/node_modules[\\/]@angular[\\/]/.test(id) || !code.includes('ɵɵngDeclare')) return null;
      const result = await transformAsync(code, {
        filename: id,
        configFile: false,
        babelrc: false,
        compact: false,
        sourceMaps: true,
        plugins: [linker],
      });
      return { code: result.code, map: result.map };
    },
  };
}

export default defineConfig({ plugins: [angularLinker()], base: './', logLevel: 'warn' });
