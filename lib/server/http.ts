import "server-only";
import type { z } from "zod";
import { AnswersError } from "../profile/build";
import { ConflictError, LimitError, NotFoundError } from "./errors";

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

/** JSON text as a value; a 400 when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
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
    console.error("Unexpected error in a route handler", e);
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
