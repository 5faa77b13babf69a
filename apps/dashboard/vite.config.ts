import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The dashboard is served by the bot at '/', so the build is rooted here and emitted to ./dist.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig(({ mode }) => {
  // `npx vite apps/dashboard` proxies the API to a running bot (AURORA_DASHBOARD_API, default :8080).
  const env = loadEnv(mode, root, 'AURORA_');
  const api = env.AURORA_DASHBOARD_API ?? 'http://127.0.0.1:8080';
  return {
    root,
    base: '/',
    plugins: [react(), tailwindcss()],
    // manifest: bench and a unit test read it to hold the first page to its 300 KB gzip budget.
    build: { outDir: 'dist', emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 1500 },
    server: { proxy: { '/api': { target: api, ws: true } } },
  };
});
