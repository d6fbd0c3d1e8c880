import { z } from "zod";
import { HttpError, ok, readJson, respond } from "@/lib/server/http";
import { loadVersionByRef, shareVersion } from "@/lib/server/profiles";

/** Creates (or returns) the read-only link of a version; a shared link cannot make new links. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    await readJson(request, z.strictObject({}));
    const { version, readOnly } = await loadVersionByRef((await params).id);
    if (readOnly) throw new HttpError(403, "A shared link is read-only: it cannot create other links.");
    const token = await shareVersion(version.id);
    return ok({ token, path: `/shared/${token}` }, 201);
  });
}
