import { describe, expect, test } from "vitest";
import type { TCheck } from "@/lib/conformance/check";
import { emptyRunView, reduceRunView, RunFeedBuilder, type TRunFeedEntry, type TRunFeedEvent } from "@/lib/conformance/run-feed";
import { ZRunRequest } from "@/lib/conformance/run-request";
import type { TTestInstance } from "@/lib/testbook/testbook-schema";

const test1 = { id: "ASSOC-001/public", caseId: "ASSOC-001", chapter: "associations", title: "Public client associates" } as TTestInstance;
const check = (verdict: TCheck["verdict"], n: number): TCheck => ({
  id: `${test1.id}#${n}`,
  testId: test1.id,
  title: `Public client: check ${n}`,
  verdict,
  message: verdict === "FAIL" ? "object 1-0:99.1.0.255 missing from the Public client's object list" : "as expected",
  requirements: [],
  evidence: [0, 0],
  startedAt: 0,
  durationMs: 1,
});

describe("RunFeedBuilder", () => {
  test("folds a test's checks into its test-done, with their counts and the first FAIL", () => {
    const feed = new RunFeedBuilder();
    const out = [
      ...feed.add({ type: "start", tests: 1 }),
      ...feed.add({ type: "test", index: 0, test: test1 }),
      ...feed.add({ type: "check", check: check("PASS", 1) }),
      ...feed.add({ type: "check", check: check("FAIL", 2) }),
      ...feed.add({ type: "check", check: check("FAIL", 3) }),
      ...feed.add({ type: "test-done", index: 0, testId: test1.id, verdict: "FAIL" }),
    ];
    expect(out.map((e) => e.type)).toEqual(["start", "test", "test-done"]);
    expect(out[2]).toEqual({
      type: "test-done",
      index: 0,
      testId: test1.id,
      title: test1.title,
      chapter: "associations",
      verdict: "FAIL",
      checks: { PASS: 1, FAIL: 2, INCONCLUSIVE: 0, "NOT-RUN": 0 },
      message: "Public client: check 2: object 1-0:99.1.0.255 missing from the Public client's object list",
    });
  });
});

describe("reduceRunView", () => {
  const events: TRunFeedEvent[] = [
    { type: "created", meter: "tcp://127.0.0.1:4059", only: ["associations"], operator: "ask", laboratory: "Lab" },
    { type: "start", tests: 2 },
    { type: "test", index: 0, testId: test1.id, title: test1.title, chapter: "associations" },
    { type: "question", questionId: "1", testId: test1.id, question: "Did the relay open?", expiresAt: "2026-12-03T10:05:00.000Z" },
    { type: "answer", questionId: "1", answer: "yes", by: "operator" },
    { type: "test-done", index: 0, testId: test1.id, title: test1.title, chapter: "associations", verdict: "PASS", checks: { PASS: 3, FAIL: 0, INCONCLUSIVE: 0, "NOT-RUN": 1 }, message: "" },
    { type: "cancelling" },
    { type: "storing" },
    { type: "done", cancelled: true, identity: { logicalDeviceName: "PPS0001", manufacturer: "PPS", serialNumber: "1", firmwareVersion: "1.0" }, seconds: 2, set: { number: 4, laboratory: "Lab" } },
  ];
  const entries: TRunFeedEntry[] = events.map((event, i) => ({ id: i + 1, at: "2026-12-03T10:00:00.000Z", event }));

  test("a run's feed gives its counts, its rows and how it ended", () => {
    const view = entries.reduce(reduceRunView, emptyRunView());
    expect(view).toMatchObject({ phase: "cancelled", total: 2, meter: "tcp://127.0.0.1:4059", question: null, set: { number: 4 }, lastId: 9 });
    expect(view.tests.PASS).toBe(1);
    expect(view.checks).toEqual({ PASS: 3, FAIL: 0, INCONCLUSIVE: 0, "NOT-RUN": 1 });
    expect(view.rows.map((r) => r.testId)).toEqual([test1.id]);
  });

  test("a question shows until it is answered", () => {
    const asked = entries.slice(0, 4).reduce(reduceRunView, emptyRunView());
    expect(asked.question?.question).toBe("Did the relay open?");
    expect(reduceRunView(asked, entries[4]!).question).toBeNull();
  });

  test("events replayed after a reconnect change nothing", () => {
    const once = entries.reduce(reduceRunView, emptyRunView());
    expect([...entries, ...entries.slice(3)].reduce(reduceRunView, emptyRunView())).toEqual(once);
  });
});

describe("ZRunRequest", () => {
  const base = { meter: "hdlc+tcp://meter.lab.example:4061", operator: "skip", laboratory: "Lab", secrets: "{}" };
  test("takes an address the CLI takes, and names the field of each problem", () => {
    expect(ZRunRequest.safeParse(base).success).toBe(true);
    const bad = ZRunRequest.safeParse({ ...base, meter: "tcp://meter:0", p1: "serial:///dev/ttyUSB1", timeoutSeconds: 1.5 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["meter", "port 0 is outside 1..65535"],
      ["timeoutSeconds", "the time-out must be a whole number of seconds from 1 to 600"],
      ["p1", '"serial:///dev/ttyUSB1" is not a P1 source: use tcp://host:port, where the meter\'s P1 telegrams can be read'],
    ]);
  });
});
