import { z } from "zod";
import { authorize } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { shareVersion } from "@/lib/server/profiles";

/** Creates (or returns) the read-only link of a version; only the workspace's editors and owners may. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const grant = await authorize(request, (await params).id, "share");
    await readJson(request, z.strictObject({}));
    const token = await shareVersion(grant);
    return ok({ token, path: `/shared/${token}` }, 201);
  });
}
