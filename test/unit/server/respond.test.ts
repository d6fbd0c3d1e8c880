import { describe, expect, test, vi } from "vitest";
import { HttpError, respond } from "@/lib/server/http";
import { UnavailableError } from "@/lib/server/errors";
import { log } from "@/lib/server/log";

describe("respond", () => {
  test("an unexpected error is a 500 whose log line names its class, never its message or the input", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const r = await respond(() => Promise.reject(new TypeError('secret answer "hls-key-0011"')));
    expect(r.status).toBe(500);
    expect(await r.text()).not.toContain("hls-key");
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, message] = logged.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(fields).toEqual({ requestId: undefined, error: "TypeError" });
    expect(JSON.stringify([fields, message])).not.toContain("hls-key");
    logged.mockRestore();
  });

  test("a busy server is a 503 with Retry-After", async () => {
    const warned = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    const r = await respond(() => Promise.reject(new UnavailableError("Busy rendering.", 10)));
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("10");
    expect(warned).toHaveBeenCalledWith({ requestId: undefined, error: "UnavailableError", status: 503 }, "busy");
    warned.mockRestore();
  });

  test("a database that cannot store the input is a 400, not a 500", async () => {
    const error = Object.assign(new Error("Invalid invocation"), { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "22P05" } } } });
    const r = await respond(() => Promise.reject(error));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/cannot store/);
  });

  test("known refusals keep their status and message", async () => {
    const r = await respond(() => Promise.reject(new HttpError(413, "Too large.")));
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: "Too large." });
  });
});
