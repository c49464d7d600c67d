import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    binding: 'src/binding.ts',
    diagram: 'src/diagram.ts',
    recorder: 'src/session.recorder.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
});
