import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emptyPostgresDatabase } from "../helpers/postgres";
import { signUpOverHttp, startServer, type TServer } from "./harness";


/** A last day a results link may have (at most a year ahead). */
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * Several instances on one PostgreSQL database: two production servers, requests alternating
 * between them through a whole journey, one consistent state; and the embedded database, which
 * one server only may open.
 */
const EXAMPLES = join(import.meta.dirname, "../../profiles/examples");
let database: Awaited<ReturnType<typeof emptyPostgresDatabase>>;
let url: string;
let a: TServer;
let b: TServer;
let cookie: string;

/** A query straight on the shared database, beside the two servers. */
async function onDatabase<T>(run: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

const call = (server: TServer, method: string, path: string, body?: string, type = "application/json") =>
  fetch(`${server.url}/api${path}`, { method, headers: body === undefined ? { cookie } : { "content-type": type, origin: server.url, cookie }, body });

beforeAll(async () => {
  database = await emptyPostgresDatabase("prime_plus_e2e");
  url = database.url;
  [a, b] = await Promise.all([startServer(undefined, { DATABASE_URL: url }), startServer(undefined, { DATABASE_URL: url })]);
  // Signed up on one server, the session works on the other: sessions live in the shared database.
  cookie = await signUpOverHttp(a);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

describe("two servers on one PostgreSQL database", () => {
  test("a whole journey alternating between them sees one state", async () => {
    const created = (await (await call(a, "POST", "/questionnaires", "{}")).json()) as { id: string; revision: number };
    const onB = (await (await call(b, "GET", `/questionnaires/${created.id}`)).json()) as { revision: number };
    expect(onB.revision).toBe(created.revision);

    const answers = JSON.parse(readFileSync(join(EXAMPLES, "single-phase-plc.answers.json"), "utf8")) as Record<string, unknown>;
    const save = (server: TServer, revision: number, step: string) =>
      call(server, "PUT", `/questionnaires/${created.id}/draft`, JSON.stringify({ revision, draft: { formatVersion: "1.0", step, values: answers } }));
    const saved = (await (await save(b, created.revision, "metering")).json()) as { revision: number };
    const again = (await (await save(a, saved.revision, "review")).json()) as { revision: number };
    expect(again.revision).toBe(saved.revision + 1);
    // A save from the older revision, on either server, is the other tab's conflict.
    const stale = await save(b, saved.revision, "clients");
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { currentRevision: number }).currentRevision).toBe(again.revision);
    const status = (await (await call(b, "GET", `/questionnaires/${created.id}/status`)).json()) as { revision: number; issues: unknown[] };
    expect(status).toMatchObject({ revision: again.revision, issues: [] });

    const submitted = await call(b, "POST", `/questionnaires/${created.id}/submit`, JSON.stringify({ revision: again.revision }));
    expect(submitted.status).toBe(201);
    const { versionId } = (await submitted.json()) as { versionId: string };
    const share = (await (await call(a, "POST", `/profiles/${versionId}/share`, "{}")).json()) as { token: string };
    const shareAgain = (await (await call(b, "POST", `/profiles/${versionId}/share`, "{}")).json()) as { token: string };
    expect(shareAgain.token).toBe(share.token);
    expect((await call(b, "GET", `/profiles/${share.token}/profile.json`)).status).toBe(200);

    const first = await call(a, "GET", `/profiles/${versionId}/profile.pdf`);
    expect(first.status).toBe(200);
    const pdfA = Buffer.from(await first.arrayBuffer());
    const second = await call(b, "GET", `/profiles/${share.token}/profile.pdf`);
    expect(second.status).toBe(200);
    expect(Buffer.from(await second.arrayBuffer()).equals(pdfA)).toBe(true);
    const stored = await onDatabase((c) => c.query<{ n: string }>(`SELECT count(*) AS n FROM document_cache`));
    expect(Number(stored.rows[0]!.n)).toBeGreaterThanOrEqual(1);

    const linked = await call(a, "POST", `/profiles/${versionId}/results-links`, JSON.stringify({ laboratory: "Laboratorio Central", expiresOn: inAMonth() }));
    expect(linked.status, await linked.clone().text()).toBe(201);
    const link = (await linked.json()) as { token: string };
    const templated = await call(b, "GET", `/profiles/${link.token}/results-template.json`);
    expect(templated.status, await templated.clone().text()).toBe(200);
    const template = (await templated.json()) as { results: { verdict: string | null }[] };
    template.results[0]!.verdict = "PASS";
    const imported = await call(b, "POST", `/profiles/${link.token}/results`, JSON.stringify(template));
    expect(imported.status).toBe(201);
    const sets = (await (await call(a, "GET", `/profiles/${versionId}/results`)).json()) as { sets: { number: number; laboratory: string }[] };
    expect(sets.sets.map((s) => [s.number, s.laboratory])).toEqual([[1, "Laboratorio Central"]]);
  });
});

describe("the embedded database", () => {
  test("a second server on the same data folder refuses, naming the folder and the process holding it", async () => {
    const first = await startServer();
    try {
      const refused = await startServer(first.dataDir).then(
        (s) => s.stop().then(() => ""),
        (e: unknown) => (e as Error).message,
      );
      expect(refused).toContain(`The embedded database in ${join(first.dataDir, "pglite")} is in use by process`);
      // The first server goes on serving.
      expect((await fetch(`${first.url}/favicon.svg`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  });
});
