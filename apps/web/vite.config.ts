import { defineConfig } from "vite";

// The chat page: plain vite (no plugin), JSX through vite's own transform with React's automatic runtime.
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2_000,
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  logLevel: "warn",
});
