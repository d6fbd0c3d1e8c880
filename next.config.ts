import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and wasm packages that must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@react-pdf/renderer"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
