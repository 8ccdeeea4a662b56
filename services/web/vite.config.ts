import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build -w @shop/web` → dist/. The API base URL is read at run time from dist/config.json
// (see src/config.ts); VITE_API_BASE_URL is only the fallback baked into the build.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
