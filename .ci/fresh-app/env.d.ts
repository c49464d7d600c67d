// What a Vite app's `vite-env.d.ts` declares for the docs' `import.meta.env.VITE_*` reads, without installing Vite.
interface ImportMetaEnv {
  readonly [key: `VITE_${string}`]: string | undefined;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
