import { z } from "zod";
import type { TUserProfile } from "../profile/schema";
import type { TResultsFile } from "../testbook/results";
import type { TTestbook } from "../testbook/testbook-schema";
import { fromBase64 } from "./bytes";
import { captureFromBytes, captureFromJsonl, isJsonlCapture, parseTimes, type TCapture } from "./capture";
import { checkP1Capture } from "./check";
import { specificationAuthenticationKey } from "./frame";
import { parseKey, parseKeys } from "./keys";
import { p1Layout } from "./layout";
import type { TP1Report } from "./report";
import { p1ResultsFile } from "./testbook-map";
import { P1_TIMES_MAX_BYTES, P1_UPLOAD_MAX_BYTES } from "./upload-limits";

/**
 * A P1 check asked for from the web page: the capture uploaded as base64, an optional times file,
 * and the keys typed in the form, which serve this one check and are dropped with the request.
 */
const BASE64_MAX = Math.ceil(P1_UPLOAD_MAX_BYTES / 3) * 4;

export const ZP1CheckRequest = z.strictObject({
  capture: z.strictObject({
    name: z.string({ error: "Capture file: the file name is missing" }).min(1, "Capture file: the file name is missing").max(200, "Capture file: the file name is longer than 200 characters"),
    base64: z
      .string({ error: "Capture file: choose a file" })
      .min(1, "Capture file: the file is empty")
      .max(BASE64_MAX, "Capture file: larger than 512 KiB, the limit of the web check (use the command line for longer captures)")
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "Capture file: not sent as base64"),
  }),
  times: z.string({ error: "Receive times: must be the text of the times file" }).max(P1_TIMES_MAX_BYTES, "Receive times: the file is larger than 256 KiB").optional(),
  keys: z.strictObject({
    encryption: z.string({ error: "Encryption key: must be text" }).max(2000, "Encryption key: too long for a list of keys"),
    authentication: z.string({ error: "Authentication key: must be text" }).max(200, "Authentication key: too long for one key"),
  }),
  toleranceMs: z.int({ error: "Tolerance: must be a whole number of milliseconds" }).min(0, "Tolerance: must be at least 0 ms").max(5000, "Tolerance: must be at most 5000 ms").optional(),
});
export type TP1CheckRequest = z.infer<typeof ZP1CheckRequest>;

export type TP1CheckResponse = { report: TP1Report; results: TResultsFile };

export type TP1UploadResult = { ok: true; value: TP1CheckResponse } | { ok: false; status: 400 | 422; error: string };

/** Runs the check of an upload; `now` is the time of the request. */
export function checkP1Upload(profile: TUserProfile, testbook: TTestbook, request: TP1CheckRequest, now: Date): TP1UploadResult {
  const layout = p1Layout(profile);
  if (!layout) return { ok: false, status: 422, error: "This profile has no P1 port (no P1 readout list): there is nothing to check." };
  const encryption = parseKeys(request.keys.encryption, "Encryption key");
  if (!encryption.ok) return { ok: false, status: 400, error: encryption.error };
  const auth = request.keys.authentication.trim() === "" ? { ok: true as const, key: specificationAuthenticationKey() } : parseKey(request.keys.authentication, "Authentication key");
  if (!auth.ok) return { ok: false, status: 400, error: auth.error };
  const bytes = fromBase64(request.capture.base64);
  if (!bytes || bytes.length > P1_UPLOAD_MAX_BYTES) return { ok: false, status: 400, error: "Capture file: not valid base64, or larger than 512 KiB" };
  let capture: TCapture;
  if (isJsonlCapture(request.capture.name, bytes)) {
    const r = captureFromJsonl(request.capture.name, new TextDecoder().decode(bytes));
    if (!r.ok) return { ok: false, status: 400, error: `Capture file: ${r.error}` };
    capture = r.capture;
  } else capture = captureFromBytes(request.capture.name, bytes);
  if (request.times !== undefined && request.times.trim() !== "") {
    const t = parseTimes("the times file", request.times);
    if (!t.ok) return { ok: false, status: 400, error: `Receive times: ${t.error}` };
    capture = { ...capture, unitTimes: t.times, requestAt: t.requestAt ?? capture.requestAt };
  }
  const keys = encryption.keys.length > 0 ? { encryption: encryption.keys, authentication: auth.key } : null;
  const report = checkP1Capture(capture, layout, { keys, checkedAt: now.toISOString(), ...(request.toleranceMs === undefined ? {} : { toleranceMs: request.toleranceMs }) });
  return { ok: true, value: { report, results: p1ResultsFile(report, testbook, { date: now.toISOString().slice(0, 10) }) } };
}
