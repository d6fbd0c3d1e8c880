import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { findJsonProblem } from "../json/limits";
import { AnswersError } from "../profile/build";
import { refusalForDatabaseError } from "./db-errors";
import { ConflictError, LimitError, NotFoundError, UnavailableError } from "./errors";
import { log } from "./log";

export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * Reads a body of at most `maxBytes`, chunk by chunk, so that a larger one is refused (413, with
 * `tooLarge` as the message) before it is held, whatever its declared length.
 */
export async function readBytes(request: Request, maxBytes: number, tooLarge: string): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new HttpError(413, tooLarge);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, tooLarge);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The largest value of a PostgreSQL integer column (revisions, numbers). */
export const INT4_MAX = 2_147_483_647;
/** A draft's revision as a client sends it back: what the integer column can hold. */
export const ZRevision = z.int().min(0).max(INT4_MAX);

/**
 * JSON text as a value the database can store and our code can walk; a 400 naming the JSON path
 * when it is not JSON, holds a NUL or a lone surrogate, or is nested or sized beyond the limits.
 */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
  const problem = findJsonProblem(value);
  if (problem) throw new HttpError(400, `${problem.path}: ${problem.message}.`, { issues: [problem] });
  return value;
}

/** Reads a JSON body of at most 1 MiB and checks it with a zod schema; anything else is a 4xx. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const body = parseJsonText(new TextDecoder().decode(await readBytes(request, MAX_BODY_BYTES, "The request is larger than 1 MiB.")));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, "The request is not valid.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
  return parsed.data;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/** The id proxy.ts gave the request being handled; none outside a request (tests, scripts). */
async function requestId(): Promise<string | undefined> {
  try {
    return (await headers()).get("x-request-id") ?? undefined;
  } catch {
    return undefined;
  }
}

/** What kind of error it was, without its message: a message may quote the input. */
const errorClass = (e: unknown) => (e instanceof Error ? e.constructor.name || e.name : typeof e);

/** Runs a route handler body and turns known errors into clear 4xx answers; never leaks a stack trace. */
export async function respond(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof HttpError) return json(e.status, { error: e.message, ...e.details });
    if (e instanceof NotFoundError) return json(404, { error: e.message });
    if (e instanceof ConflictError) return json(409, { error: e.message, currentRevision: e.currentRevision });
    if (e instanceof LimitError) return json(429, { error: e.message });
    if (e instanceof AnswersError) return json(422, { error: "The answers are not complete or not consistent.", issues: e.issues });
    if (e instanceof UnavailableError) {
      log.warn({ requestId: await requestId(), error: errorClass(e), status: 503 }, "busy");
      return json(503, { error: e.message }, { "retry-after": String(e.retryAfterSeconds) });
    }
    const refusal = refusalForDatabaseError(e);
    if (refusal) {
      if (refusal.status === 503) log.warn({ requestId: await requestId(), error: errorClass(e), status: 503 }, "database busy or unreachable");
      const retry: Record<string, string> = refusal.retryAfterSeconds ? { "retry-after": String(refusal.retryAfterSeconds) } : {};
      return json(refusal.status, { error: refusal.error }, retry);
    }
    log.error({ requestId: await requestId(), error: errorClass(e) }, "unexpected error in a route handler");
    return json(500, { error: "Something went wrong on the server. Your saved answers are unchanged; please try again." });
  }
}

export const ok = (body: unknown, status = 200) => json(status, body);

export function download(body: string | Uint8Array, fileName: string, contentType: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "content-type": typeof body === "string" ? `${contentType}; charset=utf-8` : contentType,
      "content-disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
