import "server-only";
import type { z } from "zod";
import { AnswersError } from "../profile/build";
import { ConflictError, NotFoundError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = "HttpError";
  }
}

/** Reads a JSON body of at most 1 MiB and checks it with a zod schema; anything else is a 4xx. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, "The request is larger than 1 MiB.");
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new HttpError(413, "The request is larger than 1 MiB.");
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
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
    if (e instanceof AnswersError) return json(422, { error: "The answers are not complete or not consistent.", issues: e.issues });
    console.error("Unexpected error in a route handler", e);
    return json(500, { error: "Something went wrong on the server. Your saved answers are unchanged; please try again." });
  }
}

export const ok = (body: unknown, status = 200) => json(status, body);

export function download(body: string, fileName: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      "content-type": `${contentType}; charset=utf-8`,
      "content-disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
