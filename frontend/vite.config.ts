import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The built app goes to dist/, which the Go binary embeds (see embed.go).
// In development `npm run dev` proxies the API to a local `chungtay serve`.
export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Old Android phones: keep the syntax to what Chrome 87 / Safari 14 understand.
    target: ['chrome87', 'edge88', 'firefox78', 'safari14'],
    assetsInlineLimit: 4096,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
});
