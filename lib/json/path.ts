const splitCache = new Map<string, string[]>();

/** Reads a dotted path such as `metering.loadProfiles.profile1.capturePeriodS`. */
export function getPath(value: unknown, path: string): unknown {
  let keys = splitCache.get(path);
  if (!keys) {
    keys = path.split(".");
    // Paths come from data files and code, so the cache stays small; the cap guards odd callers.
    if (splitCache.size < 10_000) splitCache.set(path, keys);
  }
  let current: unknown = value;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Builds a nested object from dotted paths. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let current = target;
  keys.slice(0, -1).forEach((key) => {
    if (typeof current[key] !== "object" || current[key] === null) current[key] = {};
    current = current[key] as Record<string, unknown>;
  });
  current[keys[keys.length - 1] as string] = value;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}
