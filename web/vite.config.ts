import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite --config web/vite.config.ts` serves the console with hot reload and forwards the APIs to a
// chatapp on CHATAPP_URL (default: the `npm start` address).
const api = process.env.CHATAPP_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: Object.fromEntries(['/console/api', '/simulator', '/docs'].map((p) => [p, { target: api, changeOrigin: false }])) },
  logLevel: process.env.VITE_LOG_LEVEL === 'silent' ? 'silent' : 'info',
});
