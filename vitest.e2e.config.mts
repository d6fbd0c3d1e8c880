import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** End-to-end tests: a production build served by `next start`, driven in Debian's Chromium. */
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
