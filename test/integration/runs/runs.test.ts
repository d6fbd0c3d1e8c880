import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { TRunFeedEntry, TRunFeedEvent } from "@/lib/conformance/run-feed";
import type { TSecrets } from "@/lib/secrets/schema";
import { signUp } from "../../helpers/accounts";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { startExampleMeter, type TTestMeter } from "../../helpers/simulator";
import { tempDir } from "../../helpers/temp-dir";

// The route handlers use the process's database: an embedded PGlite in a fresh folder.
process.env.PRIME_PLUS_DATA_DIR = tempDir("runs-routes");
delete process.env.DATABASE_URL;

const r = {
  importAnswers: await import("@/app/api/questionnaires/import/route"),
  submit: await import("@/app/api/questionnaires/[id]/submit/route"),
  share: await import("@/app/api/profiles/[id]/share/route"),
  resultsLinks: await import("@/app/api/profiles/[id]/results-links/route"),
  results: await import("@/app/api/profiles/[id]/results/route"),
  setJson: await import("@/app/api/profiles/[id]/results/[set]/results.json/route"),
  evidence: await import("@/app/api/profiles/[id]/results/[set]/evidence.zip/route"),
  report: await import("@/app/api/profiles/[id]/results/[set]/report.pdf/route"),
  runs: await import("@/app/api/profiles/[id]/runs/route"),
  run: await import("@/app/api/profiles/[id]/runs/[run]/route"),
  events: await import("@/app/api/profiles/[id]/runs/[run]/events/route"),
  answer: await import("@/app/api/profiles/[id]/runs/[run]/answer/route"),
  cancel: await import("@/app/api/profiles/[id]/runs/[run]/cancel/route"),
};
const { getDatabase } = await import("@/lib/server/db");
const { authorize } = await import("@/lib/server/access");
const { RunRegistry, RUN_GONE } = await import("@/lib/server/runs");

/**
 * The "Test a meter" routes against a simulator of the single-phase example, in process: a run
 * streams its progress and becomes a results set with its evidence; one run per meter; cancel and
 * assisted questions; who may do what; bad input; and no secret in anything a client gets back or
 * the database keeps.
 */
const NAME = "single-phase-plc";
const LAB = "Laboratorio Central de Ensayos";

type TBody = Record<string, any>;
/** Every body a client got back, to search for the secrets at the end. */
const responses: string[] = [];

async function record(response: Response): Promise<Response> {
  responses.push(await response.clone().text());
  return response;
}
/** What every request of the profile's owner carries: the session of a member of its workspace. */
const owner: Record<string, string> = {};
const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Request("http://test/api", { method: "POST", headers: { "content-type": "application/json", ...owner, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const get = (headers: Record<string, string> = {}, signal?: AbortSignal) => new Request("http://test/api", { headers: { ...owner, ...headers }, ...(signal ? { signal } : {}) });
const p = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
const body = async (response: Response) => (await (await record(response)).json()) as TBody;

/** Server-sent events read as they arrive, from a route's streaming response. */
class EventReader {
  readonly entries: TRunFeedEntry[] = [];
  private buffer = "";
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  ended = false;

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** Reads until an event matches (or the stream ends, which fails the wait). */
  async until(match: (e: TRunFeedEvent) => boolean, what: string): Promise<TRunFeedEvent> {
    for (;;) {
      const seen = this.entries.find((x) => match(x.event));
      if (seen) return seen.event;
      if (this.ended) throw new Error(`the stream ended before ${what}; last events: ${JSON.stringify(this.entries.slice(-3))}`);
      const { done, value } = await this.reader.read();
      if (done) {
        this.ended = true;
        responses.push(this.buffer);
        continue;
      }
      const text = this.decoder.decode(value, { stream: true });
      responses.push(text);
      this.buffer += text;
      const blocks = this.buffer.split("\n\n");
      this.buffer = blocks.pop()!;
      for (const block of blocks) {
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (data) this.entries.push(JSON.parse(data.slice(6)) as TRunFeedEntry);
      }
    }
  }

  async toEnd(): Promise<TRunFeedEvent> {
    return this.until((e) => e.type === "done" || e.type === "failed", "the end of the run");
  }

  events(type: TRunFeedEvent["type"]) {
    return this.entries.filter((e) => e.event.type === type).map((e) => e.event);
  }
}

let versionId: string;
let shareToken: string;
let resultsToken: string;
let meter: TTestMeter;
let secretsText: string;

const request = (overrides: TBody = {}) => ({ meter: meter.wrapper, operator: "skip", laboratory: LAB, secrets: secretsText, ...overrides });
const start = async (ref: string, overrides: TBody = {}) => record(await r.runs.POST(json(request(overrides)), p({ id: ref })));
const events = async (ref: string, run: string, headers: Record<string, string> = {}, signal?: AbortSignal) => new EventReader(await r.events.GET(get(headers, signal), p({ id: ref, run })));
const setCount = async () => (await getDatabase()).prisma.resultsSet.count({ where: { versionId } });

beforeAll(async () => {
  owner.cookie = (await signUp({ name: "Marta Ortega" })).cookie;
  const imported = await body(await r.importAnswers.POST(json(readFileSync(join(EXAMPLES_DIR, `${NAME}.answers.json`), "utf8"))));
  const submitted = await body(await r.submit.POST(json({ revision: imported.revision }), p({ id: imported.id as string })));
  versionId = submitted.versionId as string;
  shareToken = (await body(await r.share.POST(json({}), p({ id: versionId })))).token as string;
  resultsToken = (await body(await r.resultsLinks.POST(json({ laboratory: "Other lab", expiresOn: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10) }), p({ id: versionId })))).token as string;
  meter = await startExampleMeter(NAME);
  secretsText = JSON.stringify(meter.secrets);
}, 60_000);

afterAll(async () => {
  await meter?.close();
});

describe("a run of the whole testbook from the web routes", () => {
  let runId: string;
  let reader: EventReader;
  let done: Extract<TRunFeedEvent, { type: "done" }>;

  beforeAll(async () => {
    const started = await start(versionId);
    expect(started.status).toBe(202);
    runId = ((await started.json()) as TBody).run.id as string;
    reader = await events(versionId, runId);
    expect(reader.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    done = (await reader.toEnd()) as typeof done;
  }, 180_000);

  test("the events go from the start through every test to the results set, numbered without a gap", async () => {
    expect(done).toMatchObject({ type: "done", cancelled: false, set: { laboratory: LAB } });
    expect(reader.entries.map((e) => e.id)).toEqual(reader.entries.map((_, i) => i + 1));
    expect(reader.entries[0]!.event).toMatchObject({ type: "created", meter: meter.wrapper, operator: "skip", laboratory: LAB, only: [] });
    const total = (reader.events("start")[0] as Extract<TRunFeedEvent, { type: "start" }>).tests;
    expect(total).toBe(343);
    const finished = reader.events("test-done") as Extract<TRunFeedEvent, { type: "test-done" }>[];
    expect(finished).toHaveLength(total);
    expect(finished.filter((t) => t.verdict === "FAIL").map((t) => `${t.testId}: ${t.message}`)).toEqual([]);
    expect(finished.filter((t) => t.verdict === "PASS").length).toBeGreaterThan(150);
    const skipped = finished.find((t) => t.testId.startsWith("DISC-002"))!;
    expect(skipped).toMatchObject({ verdict: "NOT-RUN" });
    expect(skipped.message).toMatch(/assisted test/);
    expect(reader.events("question")).toEqual([]);
  });

  test("the run is a numbered results set of the runner, under the laboratory's name, with the meter's identity", async () => {
    const sets = (await body(await r.results.GET(get(), p({ id: versionId })))).sets as TBody[];
    const set = sets.find((s) => s.number === done.set.number)!;
    expect(set).toMatchObject({ source: "runner", laboratory: LAB, summary: { fail: 0, total: 343 } });
    expect(set.summary.pass).toBeGreaterThan(150);
    expect(set.meter.model).toBe(done.identity.logicalDeviceName);
    expect(done.identity.logicalDeviceName.length).toBeGreaterThan(0);
    expect(set.evidence.size).toBeGreaterThan(10_000);
  });

  test("the questionnaire's activity log records who ran the meter, with the results set it gave", async () => {
    const db = await getDatabase();
    const { questionnaireId } = await db.prisma.answersVersion.findUniqueOrThrow({ where: { id: versionId }, select: { questionnaireId: true } });
    const runs = await db.prisma.activity.findMany({ where: { questionnaireId, action: "run_meter" }, select: { userId: true, detail: true, versionNumber: true } });
    expect(runs).toContainEqual(expect.objectContaining({ versionNumber: 1, detail: `results set ${done.set.number}, ${LAB}` }));
    expect(runs.every((e) => e.userId !== null)).toBe(true);
  });

  test("its evidence archive holds the report as PDF and HTML, the traffic, profile, testbook, results, JUnit and hashes", async () => {
    const zip = await r.evidence.GET(get(), p({ id: versionId, set: String(done.set.number) }));
    expect(zip.status).toBe(200);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    responses.push(...Object.entries(files).filter(([n]) => !n.endsWith(".pdf")).map(([, b]) => new TextDecoder().decode(b)));
    expect(Object.keys(files).map((f) => f.replace(/^evidence\//, "")).sort()).toEqual(["SHA256SUMS", "junit.xml", "profile.json", "report.html", "report.pdf", "results.json", "run.json", "summary.json", "testbook.json", "traffic.jsonl"]);
    const results = JSON.parse(new TextDecoder().decode(files["evidence/results.json"])) as { laboratory: { name: string }; results: unknown[] };
    expect(results.results).toHaveLength(343);
    expect(results.laboratory.name).toBe(LAB);
    const report = await r.report.GET(get(), p({ id: versionId, set: String(done.set.number) }));
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await report.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  test("a page that reconnects with Last-Event-ID gets only what it missed, and the run is listed as done", async () => {
    const last = reader.entries.length;
    const again = await events(versionId, runId, { "last-event-id": String(last - 3) });
    await again.toEnd();
    expect(again.entries.map((e) => e.id)).toEqual([last - 2, last - 1, last]);
    const listed = (await body(await r.runs.GET(get(), p({ id: versionId })))).runs as TBody[];
    expect(listed.find((x) => x.id === runId)).toMatchObject({ phase: "done", done: 343, total: 343, set: { number: done.set.number } });
    const status = await body(await r.run.GET(get(), p({ id: versionId, run: runId })));
    expect(status.run).toMatchObject({ id: runId, phase: "done", meter: meter.wrapper });
  });

  test("a share link watches the run but a results link does not, and another profile does not see it", async () => {
    const shared = await events(shareToken, runId);
    await shared.toEnd();
    expect(shared.entries.length).toBe(reader.entries.length);
    expect((await r.runs.GET(get(), p({ id: shareToken }))).status).toBe(200);
    expect((await r.events.GET(get(), p({ id: resultsToken, run: runId }))).status).toBe(403);
    expect((await r.runs.GET(get(), p({ id: resultsToken }))).status).toBe(403);
  });
});

describe("assisted questions, one run per meter, cancel", () => {
  // The disconnector ends a run as its answers leave it (armed, say): each of these tests takes a meter of its own.
  let own: TTestMeter;
  beforeEach(async () => {
    own = await startExampleMeter(NAME);
  });
  afterEach(() => own.close());

  test("the page answers the assisted questions; meanwhile a second run on the same meter is refused with 409 naming it", async () => {
    const started = await start(versionId, { meter: own.wrapper, operator: "ask", only: ["disconnect"] });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as TBody).run.id as string;
    const reader = await events(versionId, runId);
    const first = (await reader.until((e) => e.type === "question", "the first question")) as Extract<TRunFeedEvent, { type: "question" }>;
    expect(first.question).toBe("Did the breaker open, with no voltage on the load side?");
    expect(first.testId).toMatch(/^DISC-002/);
    expect(Date.parse(first.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);

    const busy = await start(versionId, { meter: own.wrapper });
    expect(busy.status).toBe(409);
    const refusal = (await busy.json()) as TBody;
    expect(refusal.error).toContain(`meter: ${own.wrapper} is being tested by run ${runId}`);
    expect(refusal.error).toContain(runId);

    for (const ref of [shareToken, resultsToken]) {
      expect((await r.answer.POST(json({ questionId: first.questionId, answer: "yes" }), p({ id: ref, run: runId }))).status).toBe(403);
      expect((await r.cancel.POST(json({}), p({ id: ref, run: runId }))).status).toBe(403);
      expect((await start(ref)).status).toBe(403);
    }
    const shareRefusal = (await (await r.answer.POST(json({ questionId: first.questionId, answer: "yes" }), p({ id: shareToken, run: runId }))).json()) as TBody;
    expect(shareRefusal.error).toMatch(/read-only: it can watch the runs/);

    expect((await r.answer.POST(json({ questionId: "99", answer: "yes" }), p({ id: versionId, run: runId }))).status).toBe(409);
    expect((await r.answer.POST(json({ questionId: first.questionId, answer: "maybe" }), p({ id: versionId, run: runId }))).status).toBe(400);
    const answered = await r.answer.POST(json({ questionId: first.questionId, answer: "yes" }), p({ id: versionId, run: runId }));
    expect(answered.status).toBe(200);
    const second = (await reader.until((e) => e.type === "question" && e.questionId !== first.questionId, "the second question")) as Extract<TRunFeedEvent, { type: "question" }>;
    expect((await r.answer.POST(json({ questionId: second.questionId, answer: "skip" }), p({ id: versionId, run: runId }))).status).toBe(200);
    const end = await reader.toEnd();
    expect(end.type).toBe("done");
    expect(reader.events("answer")).toEqual([
      { type: "answer", questionId: first.questionId, answer: "yes", by: "operator" },
      { type: "answer", questionId: second.questionId, answer: "skip", by: "operator" },
    ]);
    const tests = Object.fromEntries((reader.events("test-done") as Extract<TRunFeedEvent, { type: "test-done" }>[]).map((t) => [t.testId.split("/")[0], t]));
    expect(tests["DISC-002"], JSON.stringify(tests["DISC-002"])).toMatchObject({ verdict: "PASS", checks: { FAIL: 0, INCONCLUSIVE: 0 } });
    expect(tests["DISC-004"]!.checks["NOT-RUN"]).toBeGreaterThan(0);
  }, 120_000);

  test("cancel stops the run after the current check and still stores what has run; a second cancel is refused", async () => {
    const before = await setCount();
    const runId = ((await (await start(versionId)).json()) as TBody).run.id as string;
    const reader = await events(versionId, runId);
    await reader.until((e) => e.type === "test-done" && e.index >= 3, "a few tests");
    const cancelled = await record(await r.cancel.POST(json({}), p({ id: versionId, run: runId })));
    expect(cancelled.status).toBe(202);
    const end = (await reader.toEnd()) as Extract<TRunFeedEvent, { type: "done" }>;
    expect(end).toMatchObject({ type: "done", cancelled: true });
    const ran = reader.events("test-done").length;
    expect(ran).toBeGreaterThanOrEqual(4);
    expect(ran).toBeLessThan(343);
    expect(reader.events("cancelling")).toHaveLength(1);
    expect(await setCount()).toBe(before + 1);
    const file = JSON.parse(await (await r.setJson.GET(get(), p({ id: versionId, set: String(end.set.number) }))).text()) as { results: { verdict: string | null; remarks: string }[] };
    expect(file.results.filter((x) => x.verdict !== null).length).toBeLessThanOrEqual(ran);
    expect(file.results.at(-1)!.remarks).toBe("not reached: the run was cancelled");
    const again = await r.cancel.POST(json({}), p({ id: versionId, run: runId }));
    expect(again.status).toBe(409);
  }, 120_000);

  test("an assisted question nobody answers counts as skipped after the time-out", async () => {
    const registry = new RunRegistry({ questionTimeoutMs: 300 });
    const grant = await authorize(get(), versionId, "start-run");
    const run = registry.start(grant, request({ meter: own.wrapper, operator: "ask", only: ["DISC-002"] }));
    const seen: TRunFeedEvent[] = [];
    const watch = registry.watch(grant, run.id, 0);
    seen.push(...watch.replay.map((e) => e.event));
    await new Promise<void>((resolve) => {
      watch.subscribe((e) => {
        seen.push(e.event);
        if (e.event.type === "done" || e.event.type === "failed") resolve();
      });
    });
    expect(seen.find((e) => e.type === "answer"), JSON.stringify(seen)).toMatchObject({ answer: "skip", by: "timeout" });
    const test = seen.find((e) => e.type === "test-done") as Extract<TRunFeedEvent, { type: "test-done" }>;
    expect(test.checks["NOT-RUN"]).toBeGreaterThan(0);
  }, 60_000);
});

describe("what a run refuses to start with", () => {
  const cases: Array<[string, TBody | string, string]> = [
    ["a meter address that is not one", { meter: "ftp://meter.example" }, "meter: \"ftp://meter.example\" is not a meter address"],
    ["a port out of range", { meter: "tcp://127.0.0.1:70000" }, "meter: port 70000 is outside 1..65535"],
    ["no meter address", { meter: "  " }, "meter: give the meter's address"],
    ["a serial port this server does not have", { meter: "serial:///dev/ttyNOPE9" }, "meter: this server has no serial port /dev/ttyNOPE9"],
    ["a server address out of range", { serverAddress: 70000 }, "serverAddress: the server address must be from 0 to 16383"],
    ["a time-out of zero", { timeoutSeconds: 0 }, "timeoutSeconds: at least 1 second"],
    ["an unknown chapter", { only: ["associations", "sealing"] }, "only: \"sealing\" is no chapter, case or test of this profile's testbook"],
    ["an operator mode that is not one", { operator: "maybe" }, "operator: choose whether the page asks"],
    ["a P1 source that is not TCP", { p1: "hdlc+tcp://127.0.0.1:9" }, "p1: \"hdlc+tcp://127.0.0.1:9\" is not a P1 source"],
    ["no laboratory", { laboratory: "" }, "laboratory: name the laboratory"],
    ["no secrets", { secrets: "" }, "secrets: upload or paste"],
    ["secrets that are not JSON", { secrets: "{\"secretsFormatVersion\": " }, "secrets: the secrets file is not valid JSON"],
    ["secrets of the wrong shape", { secrets: JSON.stringify({ secretsFormatVersion: "1.0" }) }, "secrets: warning:"],
    ["an unknown field", { colour: "blue" }, "(body): Unrecognized key: \"colour\""],
  ];

  test.each(cases)("%s → 400 naming the field", async (_what, overrides, message) => {
    const response = await start(versionId, typeof overrides === "string" ? {} : overrides);
    expect(response.status).toBe(400);
    const b = (await response.json()) as TBody;
    expect(b.error).toContain(message);
    expect(b.issues[0].path).toBe(message.split(":")[0]);
  });

  test("secrets missing a client name that client", async () => {
    const secrets = JSON.parse(secretsText) as TSecrets;
    delete secrets.clients.reading;
    const response = await start(versionId, { secrets: JSON.stringify(secrets) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as TBody).error).toBe(`secrets: the secrets file has no entry for the ${meter.profile.clients.find((c) => c.id === "reading")!.name} (SAP 2)`);
  });

  test("secrets made for another profile are refused", async () => {
    const response = await start(versionId, { secrets: JSON.stringify({ ...meter.secrets, profileId: "0".repeat(64) }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as TBody).error).toMatch(/^secrets: made for another profile/);
  });

  test("a body that is not JSON, and a run the server does not hold", async () => {
    expect((await r.runs.POST(json("{nope"), p({ id: versionId }))).status).toBe(400);
    for (const response of [
      await r.events.GET(get(), p({ id: versionId, run: "gone-run-id" })),
      await r.run.GET(get(), p({ id: versionId, run: "gone-run-id" })),
      await r.cancel.POST(json({}), p({ id: versionId, run: "gone-run-id" })),
    ]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as TBody).error).toBe(RUN_GONE);
    }
    expect((await r.events.GET(get({ "last-event-id": "abc" }), p({ id: versionId, run: "x" }))).status).toBe(400);
  });
});

describe("a meter that does not answer, refuses or sends garbage", () => {
  const servers: Server[] = [];
  async function fakeMeter(behaviour: "silent" | "garbage" | "closed"): Promise<string> {
    const server = createServer((socket) => {
      if (behaviour === "garbage") socket.on("data", () => socket.write("HTTP/1.1 400 Bad Request\r\n\r\n"));
      if (behaviour === "closed") socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    return `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  }
  afterAll(() => servers.forEach((s) => s.close()));

  test.each([
    ["silent", /could not be reached for the Public client \(SAP 16\): .*no answer within 1 s/],
    ["garbage", /answered with something that is not DLMS\/COSEM/],
    ["closed", /could not be reached for the Public client/],
  ] as const)("a %s meter ends the run with the reason, and no results set", async (behaviour, reason) => {
    const before = await setCount();
    const address = await fakeMeter(behaviour);
    const started = await start(versionId, { meter: address, timeoutSeconds: 1 });
    expect(started.status).toBe(202);
    const reader = await events(versionId, ((await started.json()) as TBody).run.id as string);
    const end = (await reader.toEnd()) as Extract<TRunFeedEvent, { type: "failed" }>;
    expect(end.type).toBe("failed");
    expect(end.reason).toMatch(reason);
    expect(end.reason).toContain("Nothing was run and no results set was stored.");
    expect(await setCount()).toBe(before);
  }, 30_000);
});

describe("secrets", () => {
  test("no secret of the secrets file is in any response of a run or any row of the database", async () => {
    const s = JSON.parse(secretsText) as TSecrets;
    const values = new Set<string>();
    for (const c of Object.values(s.clients)) {
      if (!c) continue;
      if (c.password) values.add(c.password).add(Buffer.from(c.password, "latin1").toString("hex"));
      for (const v of [c.hlsSecret, c.globalUnicastEncryptionKey, c.globalBroadcastEncryptionKey, c.globalAuthenticationKey]) if (v) values.add(v.toLowerCase());
      if (c.signingKey) values.add(c.signingKey.privateKey.split("\n")[1]!);
    }
    values.add(s.meter.masterKey.toLowerCase());
    for (const k of s.meter.signingKeys) values.add(k.privateKey.split("\n")[1]!);
    if (s.p1) values.add(s.p1.encryptionKey.toLowerCase());
    expect(values.size).toBeGreaterThanOrEqual(5);

    const db = await getDatabase();
    const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.name)).toContain("results_set");
    const dump: string[] = [];
    for (const { name } of tables) {
      const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
      dump.push(...rows.map((x) => x.row));
    }
    const everything = [...responses, ...dump].join("\n").toLowerCase();
    expect(responses.length).toBeGreaterThan(50);
    expect(everything).toContain(LAB.toLowerCase());
    for (const v of values) expect(everything.includes(v.toLowerCase()), `a secret (${v.slice(0, 4)}…) was found`).toBe(false);
  });
});
