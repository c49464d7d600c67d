import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    diagram: 'src/diagram.ts',
    recorder: 'src/session.recorder.ts',
    bindings: 'src/bindings.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
});
