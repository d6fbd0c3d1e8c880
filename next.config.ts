import type { NextConfig } from "next";

const config: NextConfig = {
  // Several builds side by side (one per working copy or test job) each get their own folder.
  distDir: process.env.PRIME_PLUS_DIST_DIR || ".next",
  // Native and wasm packages that must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["pg", "@react-pdf/renderer", "pino", "serialport"],
  poweredByHeader: false,
  // Gzip on the server thread cost a tenth of every autosave (its streamed responses are
  // compressed whatever their size); a deployment compresses in its reverse proxy (README, Operations).
  compress: false,
  typedRoutes: false,
};

export default config;
