import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { EXAMPLES_DIR } from "../helpers/examples";
import { tempDir } from "../helpers/temp-dir";

// The route handlers use the process's database: an embedded PGlite in a fresh folder.
process.env.PRIME_PLUS_DATA_DIR = tempDir("api");
delete process.env.DATABASE_URL;

const routes = {
  start: await import("@/app/api/questionnaires/route"),
  import: await import("@/app/api/questionnaires/import/route"),
  questionnaire: await import("@/app/api/questionnaires/[id]/route"),
  draft: await import("@/app/api/questionnaires/[id]/draft/route"),
  status: await import("@/app/api/questionnaires/[id]/status/route"),
  answers: await import("@/app/api/questionnaires/[id]/answers/route"),
  submit: await import("@/app/api/questionnaires/[id]/submit/route"),
  profile: await import("@/app/api/profiles/[id]/profile.json/route"),
};
const { validateProfileSchema } = await import("@/lib/schemas/ajv");
const { signUp } = await import("../helpers/accounts");
const account = await signUp({ workspace: "Utility A" });

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (body: string) => new Request("http://test/", { method: "POST", headers: { "content-type": "application/json", cookie: account.cookie }, body });
const put = (body: string) => new Request("http://test/", { method: "PUT", headers: { "content-type": "application/json", cookie: account.cookie }, body });
const get = () => new Request("http://test/", { headers: { cookie: account.cookie } });
const example = (name: string) => readFileSync(join(EXAMPLES_DIR, `${name}.answers.json`), "utf8");

async function readQuestionnaire(id: string) {
  const r = await routes.questionnaire.GET(get(), params(id));
  return (await r.json()) as { revision: number; draft: { step: string; values: Record<string, any> }; status: { issues: unknown[] } };
}

describe("questionnaire API", () => {
  let id: string;
  beforeAll(async () => {
    const r = await routes.start.POST(post("{}"));
    expect(r.status).toBe(201);
    id = ((await r.json()) as { id: string }).id;
  });

  test("a new questionnaire starts from the baseline defaults, with contact questions to answer", async () => {
    const q = await readQuestionnaire(id);
    expect(q.draft.values.clients.management.sap).toBe(1);
    expect(q.status.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "contact.name", question: "Name and surname" })]));
  });

  test("autosave stores the draft at once; the answers' problems and profile size follow from the status", async () => {
    const values = JSON.parse(example("single-phase-plc")) as Record<string, unknown>;
    const q = await readQuestionnaire(id);
    const r = await routes.draft.PUT(put(JSON.stringify({ revision: q.revision, draft: { formatVersion: "1.0", step: "metering", values } })), params(id));
    expect(r.status).toBe(200);
    const body = (await r.json()) as { revision: number; statusPending: boolean };
    expect(body).toMatchObject({ revision: q.revision + 1, statusPending: true });
    expect((await readQuestionnaire(id)).draft.step).toBe("metering");
    const status = (await (await routes.status.GET(get(), params(id))).json()) as { revision: number; issues: unknown[]; counts: { objects: number; tests: number } };
    expect(status.revision).toBe(body.revision);
    expect(status.issues).toEqual([]);
    expect(status.counts.objects).toBeGreaterThan(100);
    expect(status.counts.tests).toBeGreaterThan(0);
  });

  test("a save of content already seen answers with its status at once", async () => {
    const q = await readQuestionnaire(id);
    const r = await routes.draft.PUT(put(JSON.stringify({ revision: q.revision, draft: q.draft })), params(id));
    const body = (await r.json()) as { statusPending: boolean; issues: unknown[]; counts: { objects: number } };
    expect(body.statusPending).toBe(false);
    expect(body.issues).toEqual([]);
    expect(body.counts.objects).toBeGreaterThan(100);
  });

  test("a retried save whose first attempt was stored answers as a success, not a conflict", async () => {
    const q = await readQuestionnaire(id);
    const draft = { ...q.draft, step: "security" };
    const first = await routes.draft.PUT(put(JSON.stringify({ revision: q.revision, draft })), params(id));
    expect(first.status).toBe(200);
    const retry = await routes.draft.PUT(put(JSON.stringify({ revision: q.revision, draft })), params(id));
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { revision: number }).revision).toBe(q.revision + 1);
    const different = await routes.draft.PUT(put(JSON.stringify({ revision: q.revision, draft: { ...draft, step: "clients" } })), params(id));
    expect(different.status).toBe(409);
  });

  test.each([
    ["malformed JSON", "{not json", 400, "not valid JSON"],
    ["a missing revision", JSON.stringify({ draft: { formatVersion: "1.0", step: "x", values: {} } }), 400, "not valid"],
    ["values that are not an object", JSON.stringify({ revision: 0, draft: { formatVersion: "1.0", step: "x", values: [1] } }), 400, "not valid"],
    ["a body over 1 MiB", JSON.stringify({ revision: 0, draft: { formatVersion: "1.0", step: "x", values: { pad: "x".repeat(1024 * 1024) } } }), 413, "1 MiB"],
  ])("a save with %s gets a %i and changes nothing", async (_, body, status, message) => {
    const before = await readQuestionnaire(id);
    const r = await routes.draft.PUT(put(body), params(id));
    expect(r.status).toBe(status);
    expect(((await r.json()) as { error: string }).error).toContain(message);
    expect(await readQuestionnaire(id)).toEqual(before);
  });

  test("a save from an older revision (another tab) is refused with a clear message", async () => {
    const before = await readQuestionnaire(id);
    const r = await routes.draft.PUT(put(JSON.stringify({ revision: before.revision - 1, draft: { formatVersion: "1.0", step: "x", values: {} } })), params(id));
    expect(r.status).toBe(409);
    const body = (await r.json()) as { error: string; currentRevision: number };
    expect(body.error).toMatch(/another tab/);
    expect(body.currentRevision).toBe(before.revision);
    expect(await readQuestionnaire(id)).toEqual(before);
  });

  test("an unknown questionnaire is a 404", async () => {
    expect((await routes.questionnaire.GET(get(), params("doesnotexist000"))).status).toBe(404);
    expect((await routes.draft.PUT(put(JSON.stringify({ revision: 0, draft: { formatVersion: "1.0", step: "x", values: {} } })), params("doesnotexist000"))).status).toBe(404);
  });

  test("submitting freezes a numbered version whose profile is valid; editing afterwards makes the next version", async () => {
    const q = await readQuestionnaire(id);
    const r = await routes.submit.POST(post(JSON.stringify({ revision: q.revision })), params(id));
    expect(r.status).toBe(201);
    const v1 = (await r.json()) as { versionId: string; number: number };
    expect(v1.number).toBe(1);
    const profile = await (await routes.profile.GET(get(), params(v1.versionId))).json();
    expect(validateProfileSchema(profile)).toEqual([]);
    const again = await readQuestionnaire(id);
    const r2 = await routes.submit.POST(post(JSON.stringify({ revision: again.revision })), params(id));
    expect(((await r2.json()) as { number: number }).number).toBe(2);
  });

  test("submitting incomplete answers is refused with every problem named", async () => {
    const r0 = await routes.start.POST(post("{}"));
    const fresh = ((await r0.json()) as { id: string }).id;
    const r = await routes.submit.POST(post(JSON.stringify({ revision: 0 })), params(fresh));
    expect(r.status).toBe(422);
    const body = (await r.json()) as { issues: { question: string }[] };
    expect(body.issues.map((i) => i.question)).toEqual(expect.arrayContaining(["Name and surname", "Email address", "Company"]));
  });
});

describe("answers file import and download", () => {
  test("an imported file round-trips through download unchanged", async () => {
    const text = example("three-phase-hls-cellular");
    const r = await routes.import.POST(post(text));
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    const download = await routes.answers.GET(get(), params(id));
    expect(download.headers.get("content-disposition")).toContain("prime-plus-answers-reseau-electrique-du-nord.json");
    expect(JSON.parse(await download.text())).toEqual(JSON.parse(text));
  });

  test("an invalid file is refused with every problem in words that name the question", async () => {
    const answers = JSON.parse(example("single-phase-plc")) as Record<string, any>;
    answers.security.management.authentication = "hls";
    answers.clients.reading.sap = 1;
    const r = await routes.import.POST(post(JSON.stringify(answers)));
    expect(r.status).toBe(422);
    const body = (await r.json()) as { issues: { path: string; question: string; message: string }[] };
    expect(body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ question: "Management client SAP", message: "SAP 1 is already used by the Reading client" }),
        expect.objectContaining({ question: "Management client security suite", message: "HLS authentication needs a security suite" }),
      ]),
    );
  });

  test("a file that is not JSON is refused with a 400", async () => {
    const r = await routes.import.POST(post("<xml/>"));
    expect(r.status).toBe(400);
  });
});
