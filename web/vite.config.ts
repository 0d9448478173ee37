import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The admin site and employee pages. One build serves both `npm start` (the local API server
// serves web/dist on the same origin) and CloudFront; the API base comes from /config.json at
// run time, so nothing environment-specific is baked in here.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  publicDir: 'public',
  // React's automatic JSX runtime through Vite's own esbuild: no React plugin needed.
  esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps: CloudFront would serve them to anyone.
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
