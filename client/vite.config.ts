import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))
const api = `http://127.0.0.1:${process.env.PORT ?? 3000}`

// The client is built into dist/client and served by the Express process; in dev, Vite proxies
// every API path to it.
export default defineConfig({
  root: here,
  build: { outDir: path.join(here, '..', 'dist', 'client'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ['/api', '/tiles', '/ogc', '/health', '/basemap', '/openapi.json'].map((p) => [p, { target: api, changeOrigin: false }]),
    ),
  },
})
