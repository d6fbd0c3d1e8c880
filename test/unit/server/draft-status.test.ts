import { describe, expect, test } from "vitest";
import { UnavailableError } from "@/lib/server/errors";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { draftStatusOf } from "@/lib/questionnaire/status";
import { draftStatus, statusOrSchedule } from "@/lib/server/draft-status";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { exampleWith, readExample } from "../../helpers/examples";

// Statuses are computed in a worker thread (lib/workers/status-worker.mjs), off the request thread.
describe("a draft's status from the status worker", () => {
  test("is what the pipeline gives in this thread, for complete answers and for answers with problems", async () => {
    const full = readExample("full");
    const broken = exampleWith("full", (a) => {
      a.contact.email = "not an address";
    });
    const [fromWorker, brokenFromWorker] = await Promise.all([draftStatus(full), draftStatus(broken)]);
    expect(fromWorker).toEqual(draftStatusOf(full, getBaseline(), getCatalogue()));
    expect(fromWorker.issues).toEqual([]);
    expect(fromWorker.counts?.tests).toBeGreaterThan(0);
    expect(brokenFromWorker).toEqual(draftStatusOf(broken, getBaseline(), getCatalogue()));
    expect(brokenFromWorker.issues.map((i) => i.path)).toContain("contact.email");
  }, 30_000);

  test("a saved draft's status is computed after the save and then known for the same content", async () => {
    const answers = exampleWith("three-phase-hls-cellular", (a) => {
      a.contact.name = "Status after the save";
    });
    expect(statusOrSchedule("questionnaire-a", answers)).toBeNull();
    const computed = await draftStatus(answers);
    expect(statusOrSchedule("questionnaire-a", structuredClone(answers))).toEqual(computed);
  }, 30_000);

  test("while the worker is far behind, a poll is refused at once and a page load waits its turn", async () => {
    const drafts = Array.from({ length: 40 }, (_, i) =>
      exampleWith("full", (a) => {
        a.contact.name = `Backlog ${i}`;
      }),
    );
    const queued = drafts.map((d) => draftStatus(d));
    const poll = draftStatus(exampleWith("full", (a) => (a.contact.name = "A poll behind the backlog")), "refuse");
    await expect(poll).rejects.toBeInstanceOf(UnavailableError);
    await expect(poll).rejects.toMatchObject({ status: 503, retryAfterSeconds: 1 });
    const page = draftStatus(exampleWith("full", (a) => (a.contact.name = "A page load behind the backlog")));
    expect((await Promise.all(queued)).every((s) => s.issues.length === 0)).toBe(true);
    expect((await page).issues).toEqual([]);
    // Once the worker has caught up, a poll is answered again.
    expect((await draftStatus(exampleWith("full", (a) => (a.contact.name = "A poll after the backlog")), "refuse")).issues).toEqual([]);
  }, 60_000);
});
