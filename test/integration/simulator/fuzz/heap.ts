import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection on demand: global.gc when node runs with --expose-gc, otherwise the
 * same function obtained at run time (V8 lets a flag set now apply to contexts created after it).
 * Undefined only where neither works.
 */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const gc = findGc();

/** Whether heapAfterGc measures retained memory (true) or live memory with garbage in it (false). */
export const exactHeap = gc !== undefined;

/** heapUsed in bytes after collecting everything collectable (two passes: weak callbacks free more on the second). */
export function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}
