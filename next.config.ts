import type { NextConfig } from "next";

const config: NextConfig = {
  // Several builds side by side (one per working copy or test job) each get their own folder.
  distDir: process.env.PRIME_PLUS_DIST_DIR || ".next",
  // Native and wasm packages that must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@react-pdf/renderer", "pino", "serialport"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
