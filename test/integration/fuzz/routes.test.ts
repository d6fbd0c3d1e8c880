import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { tempDir } from "../../helpers/temp-dir";

// The route handlers use the process's database: an embedded PGlite in a fresh folder.
process.env.PRIME_PLUS_DATA_DIR = tempDir("fuzz");
delete process.env.DATABASE_URL;


/** A last day a results link may have (at most a year ahead). */
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * Every route handler under app/api (found from the files, so a new route is fuzzed without
 * being listed here) gets malformed and hostile requests: ids of every wrong shape, bodies that
 * are not JSON, too deep, with NUL and lone surrogates, numbers out of range, wrong types, the
 * wrong content type. No answer may be a 5xx, and a refused request (4xx) must leave every
 * stored row as it was.
 */
const ROOT = join(import.meta.dirname, "../../..");
const API = join(ROOT, "app/api");
const REQUESTS = 10_000;
const DEADLINE_MS = 240_000;
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

type THandler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
type TRoute = { path: string; params: { name: string; catchAll: boolean }[]; handlers: Partial<Record<(typeof METHODS)[number], THandler>> };

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? routeFiles(join(dir, d.name)) : d.name === "route.ts" ? [join(dir, d.name)] : [],
  );
}

async function loadRoutes(): Promise<TRoute[]> {
  const routes: TRoute[] = [];
  for (const file of routeFiles(API).sort()) {
    const path = `/api/${relative(API, file).split(sep).slice(0, -1).join("/")}`;
    const params = [...path.matchAll(/\[(\[?)(?:\.\.\.)?([^\]]+)\]\]?/g)].map((m) => ({ name: m[2]!, catchAll: path.includes(`...${m[2]}`) }));
    const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
    const handlers: TRoute["handlers"] = {};
    for (const m of METHODS) if (typeof module[m] === "function") handlers[m] = module[m] as THandler;
    routes.push({ path, params, handlers });
  }
  return routes;
}

/** A deterministic stream of choices, so that a failure can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const example = readFileSync(join(EXAMPLES_DIR, "single-phase-plc.answers.json"), "utf8");

describe("fuzzing every API route", () => {
  let routes: TRoute[];
  let refs: Record<string, string>;
  /** How many rows have been written so far. */
  let fingerprint: () => Promise<string>;

  let cookies: string[];

  beforeAll(async () => {
    routes = await loadRoutes();
    const { signUp } = await import("../../helpers/accounts");
    const owner = await signUp();
    // Another utility's account, and no account at all: neither may reach the owner's data.
    const stranger = await signUp();
    cookies = [owner.cookie, owner.cookie, owner.cookie, stranger.cookie, ""];
    const { getDatabase } = await import("@/lib/server/db");
    const db = await getDatabase();
    // The document cache is filled in the background after a submit (pre-rendering), not by the request that is answered.
    const tables = (await db.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'document_cache') ORDER BY 1`,
    )).map((t) => t.name);
    // Every row written (inserted, updated, deleted) in any table is counted by a trigger, so a
    // refused request is checked with one small read.
    await db.prisma.$executeRawUnsafe(`CREATE TABLE fuzz_writes (n bigint NOT NULL)`);
    await db.prisma.$executeRawUnsafe(`INSERT INTO fuzz_writes VALUES (0)`);
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION fuzz_count() RETURNS trigger AS $$ BEGIN UPDATE fuzz_writes SET n = n + 1; RETURN NULL; END $$ LANGUAGE plpgsql`);
    for (const t of tables) await db.prisma.$executeRawUnsafe(`CREATE TRIGGER fuzz_count AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION fuzz_count()`);
    fingerprint = async () => JSON.stringify(await db.prisma.$queryRawUnsafe(`SELECT n::text FROM fuzz_writes`));

    // Real references of every kind, so that the fuzzer also reaches past the lookups.
    const call = (path: string, method: string, body: string, params: Record<string, string>) =>
      routes.find((r) => r.path === path)!.handlers[method as "POST"]!(new Request(`http://fuzz${path}`, { method, headers: { "content-type": "application/json", cookie: owner.cookie }, body }), { params: Promise.resolve(params) });
    const imported = (await (await call("/api/questionnaires/import", "POST", example, {})).json()) as { id: string; revision: number };
    const version = (await (await call("/api/questionnaires/[id]/submit", "POST", JSON.stringify({ revision: imported.revision }), { id: imported.id })).json()) as { versionId: string };
    const share = (await (await call("/api/profiles/[id]/share", "POST", "{}", { id: version.versionId })).json()) as { token: string };
    const link = (await (await call("/api/profiles/[id]/results-links", "POST", JSON.stringify({ laboratory: "Lab", expiresOn: inAMonth() }), { id: version.versionId })).json()) as { token: string };
    refs = { questionnaire: imported.id, version: version.versionId, share: share.token, results: link.token };
  });

  test(`${REQUESTS} hostile requests: no 5xx, and nothing stored changes through a refused one`, async () => {
    const r = random(20261203);
    const arb = fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed: 7, numRuns: 400 }).map((v) => JSON.stringify(v) ?? "null");
    const ids = [
      ...Object.values(refs),
      "AAAAAAAAAAAAAAAAAAAAAA",
      "",
      "abc\u0000def",
      "a".repeat(10_000),
      "\ud800abcdefghijklmnopqrstu",
      "../../../etc/passwd",
      "%zz",
      "1",
      "0",
      "-1",
      "99999999999999999999",
      "2147483648",
      "management",
      "firmware",
      "ñ😀",
    ];
    const bodies = [
      "",
      "{}",
      "null",
      "[]",
      "{not json",
      "\u0000",
      deep(100),
      `{"revision":0,"draft":{"formatVersion":"1.0","step":"x","values":{"a":${deep(70)}}}}`,
      `{"revision":2147483648,"draft":{"formatVersion":"1.0","step":"x","values":{}}}`,
      `{"revision":1e400}`,
      `{"revision":-1}`,
      `{"revision":"0"}`,
      `{"revision":0,"draft":{"formatVersion":"1.0","step":"contact","values":{"contact":{"name":"\\u0000"}}}}`,
      `{"revision":0,"draft":{"formatVersion":"1.0","step":"contact","values":{"\\ud800":1}}}`,
      `{"laboratory":"\\u0000","expiresOn":"2099-01-01"}`,
      `{"laboratory":"Lab","expiresOn":"99999-01-01"}`,
      `{"capture":{"name":"x","base64":"!!!"}}`,
      example.replace('"name": "', '"name": "\\udc00'),
      "testId,verdict\nX-1,PASS\u0000\n",
      `{"resultsFormatVersion":"1.0","results":${deep(80)}}`,
      ...arb,
    ];
    const types = ["application/json", "application/json; charset=utf-8", "text/csv", "text/plain", "multipart/form-data; boundary=x", "application/octet-stream", ""];
    const queries = ["", "?laboratory=Lab", "?laboratory=%00", `?laboratory=${"x".repeat(5000)}`, "?after=-1", "?x=%zz"];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const time = new Map<string, number>();
    let before = await fingerprint();
    const start = Date.now();
    let done = 0;
    for (; done < REQUESTS && Date.now() - start < DEADLINE_MS; done++) {
      const route = r.pick(routes);
      const methods = Object.keys(route.handlers) as (typeof METHODS)[number][];
      if (methods.length === 0) continue;
      const method = r.pick(methods);
      const params: Record<string, string | string[]> = {};
      // Half of the ids are real ones, so that requests get past the lookups to the bodies.
      const id = () => (r.next() < 0.5 ? r.pick(Object.values(refs)) : r.pick(ids));
      for (const p of route.params) params[p.name] = p.catchAll ? [id()] : id();
      const body = method === "GET" || method === "HEAD" ? undefined : r.pick(bodies);
      const type = r.pick(types);
      const cookie = r.pick(cookies);
      const headers: Record<string, string> = { ...(type ? { "content-type": type } : {}), ...(cookie ? { cookie } : {}) };
      const request = new Request(`http://fuzz${route.path}${r.pick(queries)}`, { method, headers, body });
      const label = `${method} ${route.path} ${JSON.stringify(params).slice(0, 120)} ${type} ${cookie ? "signed in" : "anonymous"} ${JSON.stringify(body ?? "").slice(0, 120)}`;
      let status: number;
      const began = performance.now();
      try {
        const response = await route.handlers[method]!(request, { params: Promise.resolve(params) });
        status = response.status;
        // Streams (server-sent events, PDFs) are not read to their end.
        await response.body?.cancel();
      } catch (e) {
        failures.push(`${label}: threw ${(e as Error).message}`);
        continue;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const took = performance.now() - began;
      time.set(route.path, (time.get(route.path) ?? 0) + took);
      if (status >= 500) failures.push(`${label}: ${status}`);
      const fingerprinted = performance.now();
      const after = await fingerprint();
      time.set("(stored rows compared)", (time.get("(stored rows compared)") ?? 0) + performance.now() - fingerprinted);
      if (status >= 400 && after !== before) failures.push(`${label}: ${status} but the stored rows changed`);
      before = after;
    }
    const slowest = [...time].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`);
    console.log(`fuzz: slowest routes in total: ${slowest.join(", ")}`);
    console.log(`fuzz: ${done} requests over ${routes.length} routes in ${((Date.now() - start) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(done).toBe(REQUESTS);
  }, DEADLINE_MS + 60_000);
});
