import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The grants server (`npm run grants` prints its URL; it serves under /grantkit): /grantkit/*
// is proxied to it, in development and in `vite preview`, so the browser talks to one origin.
const target = process.env.GRANTKIT_URL ?? 'http://127.0.0.1:4400';
const proxy = { '/grantkit': { target } };

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
  build: { sourcemap: false },
});
