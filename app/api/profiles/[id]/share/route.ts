import { z } from "zod";
import { authorize } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { shareVersion } from "@/lib/server/profiles";

/** Creates (or returns) the read-only link of a version; only its owner may. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { version } = await authorize((await params).id, "share");
    await readJson(request, z.strictObject({}));
    const token = await shareVersion(version.id);
    return ok({ token, path: `/shared/${token}` }, 201);
  });
}
