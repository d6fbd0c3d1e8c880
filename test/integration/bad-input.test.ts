import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { EXAMPLES_DIR } from "../helpers/examples";
import { tempDir } from "../helpers/temp-dir";

// The route handlers use the process's database: an embedded PGlite in a fresh folder.
process.env.PRIME_PLUS_DATA_DIR = tempDir("bad-input");
delete process.env.DATABASE_URL;

const routes = {
  start: await import("@/app/api/questionnaires/route"),
  import: await import("@/app/api/questionnaires/import/route"),
  questionnaire: await import("@/app/api/questionnaires/[id]/route"),
  draft: await import("@/app/api/questionnaires/[id]/draft/route"),
  submit: await import("@/app/api/questionnaires/[id]/submit/route"),
  profile: await import("@/app/api/profiles/[id]/profile.json/route"),
  share: await import("@/app/api/profiles/[id]/share/route"),
};

const { signUp } = await import("../helpers/accounts");
const account = await signUp();

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const send = (method: string, body: string) => new Request("http://test/", { method, headers: { "content-type": "application/json", cookie: account.cookie }, body });
const get = () => new Request("http://test/", { headers: { cookie: account.cookie } });
const example = readFileSync(join(EXAMPLES_DIR, "single-phase-plc.answers.json"), "utf8");

async function snapshot(id: string) {
  return (await routes.questionnaire.GET(get(), params(id))).json();
}

/** A save of `values` at the questionnaire's current revision, as raw JSON text. */
const saveBody = (revision: number, valuesJson: string) => `{"revision":${revision},"draft":{"formatVersion":"1.0","step":"contact","values":${valuesJson}}}`;

describe("bad input gets a 4xx naming the problem, and changes nothing", () => {
  let id: string;
  let revision: number;
  beforeAll(async () => {
    const created = (await (await routes.start.POST(send("POST", "{}"))).json()) as { id: string; revision: number };
    id = created.id;
    revision = created.revision;
  });

  test.each([
    ["a NUL in a value", '{"contact":{"name":"Ana\\u0000"}}', "draft.values.contact.name", /NUL/],
    ["a NUL in a key", '{"contact":{"na\\u0000me":"Ana"}}', "draft.values.contact.na\u0000me", /NUL/],
    ["a lone high surrogate", '{"contact":{"name":"\\ud800"}}', "draft.values.contact.name", /surrogate/],
    ["a lone low surrogate in a list", '{"list":["ok","\\udc00x"]}', "draft.values.list.1", /surrogate/],
    ["nesting 10,000 deep", `{"deep":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, `draft.values.deep${".0".repeat(61)}`, /64 levels/],
    ["nesting 1,000 deep", `{"deep":${"[".repeat(1_000)}${"]".repeat(1_000)}}`, `draft.values.deep${".0".repeat(61)}`, /64 levels/],
  ])("a draft with %s is a 400 naming its JSON path", async (_, values, path, message) => {
    const before = await snapshot(id);
    const r = await routes.draft.PUT(send("PUT", saveBody(revision, values)), params(id));
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.issues[0]!.path).toBe(path);
    expect(body.error).toMatch(message);
    expect(await snapshot(id)).toEqual(before);
  });

  test("after a refused draft the next save works (the questionnaire is not stuck)", async () => {
    await routes.draft.PUT(send("PUT", saveBody(revision, '{"contact":{"name":"\\u0000"}}')), params(id));
    const r = await routes.draft.PUT(send("PUT", saveBody(revision, '{"contact":{"name":"Ana"}}')), params(id));
    expect(r.status).toBe(200);
    revision = ((await r.json()) as { revision: number }).revision;
  });

  test.each([2 ** 31, 2 ** 53, 1e300, -1, 1.5])("a revision of %d is a 400, not a database error", async (bad) => {
    const save = await routes.draft.PUT(send("PUT", saveBody(0, "{}").replace('"revision":0', `"revision":${bad}`)), params(id));
    expect(save.status).toBe(400);
    expect(((await save.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe("revision");
    const submit = await routes.submit.POST(send("POST", `{"revision":${bad}}`), params(id));
    expect(submit.status).toBe(400);
  });

  test.each([
    ["a NUL", "abc\u0000def"],
    ["a wrong length", "abc"],
    ["a wrong alphabet", "abcdefghijklmnopqrstu!"],
    ["a very long id", "a".repeat(10_000)],
    ["a lone surrogate", "\ud800bcdefghijklmnopqrstu"],
  ])("an id with %s is a 404 before any query", async (_, bad) => {
    expect((await routes.questionnaire.GET(get(), params(bad))).status).toBe(404);
    expect((await routes.draft.PUT(send("PUT", saveBody(0, "{}")), params(bad))).status).toBe(404);
    expect((await routes.submit.POST(send("POST", '{"revision":0}'), params(bad))).status).toBe(404);
    expect((await routes.profile.GET(get(), params(bad))).status).toBe(404);
    expect((await routes.share.POST(send("POST", "{}"), params(bad))).status).toBe(404);
  });

  test("an imported answers file with a NUL is refused by its path", async () => {
    const r = await routes.import.POST(send("POST", example.replace('"name": "', '"name": "\\u0000')));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe("contact.name");
  });
});

describe("parallel submits on the embedded database", () => {
  test("ten submits of one revision give one version and nine conflicts, never a 500", async () => {
    const imported = (await (await routes.import.POST(send("POST", example))).json()) as { id: string; revision: number };
    const answers = await Promise.all(Array.from({ length: 10 }, () => routes.submit.POST(send("POST", JSON.stringify({ revision: imported.revision })), params(imported.id))));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const q = (await snapshot(imported.id)) as { versions: unknown[] };
    expect(q.versions).toHaveLength(1);
  });
});
