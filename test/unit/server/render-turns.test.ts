import { describe, expect, test } from "vitest";
import { renderTurns } from "@/lib/server/documents";
import { UnavailableError } from "@/lib/server/errors";

const deferred = () => {
  let resolve!: (b: Buffer) => void;
  const promise = new Promise<Buffer>((r) => (resolve = r));
  return { promise, resolve };
};

describe("renderTurns", () => {
  test("a third uncached render while two run is refused with a retry time; a turn frees when one ends", async () => {
    const run = renderTurns(2);
    const [a, b] = [deferred(), deferred()];
    const first = run(() => a.promise, false);
    const second = run(() => b.promise, false);
    const third = run(() => Promise.resolve(Buffer.from("c")), false);
    await expect(third).rejects.toBeInstanceOf(UnavailableError);
    await expect(third).rejects.toMatchObject({ retryAfterSeconds: 10 });
    a.resolve(Buffer.from("a"));
    await first;
    await expect(run(() => Promise.resolve(Buffer.from("d")), false)).resolves.toEqual(Buffer.from("d"));
    b.resolve(Buffer.from("b"));
    await second;
  });

  test("a pre-render waits for its turn instead of being refused", async () => {
    const run = renderTurns(1);
    const a = deferred();
    const order: string[] = [];
    const first = run(() => a.promise.then((x) => (order.push("first"), x)), false);
    const waiting = run(async () => (order.push("pre-render"), Buffer.from("p")), true);
    await Promise.resolve();
    expect(order).toEqual([]);
    a.resolve(Buffer.from("a"));
    await Promise.all([first, waiting]);
    expect(order).toEqual(["first", "pre-render"]);
  });
});
