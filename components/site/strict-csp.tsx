"use client";

import { z } from "zod";

// zod probes `new Function` to compile fast validators; under our CSP (no 'unsafe-eval') the
// browser reports that probe as a violation, so the browser's zod validates without compiling.
z.config({ jitless: true });

/** Rendered once in the root layout so that its module runs in every page's browser bundle. */
export function StrictCsp() {
  return null;
}
