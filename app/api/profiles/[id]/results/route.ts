import { z } from "zod";
import { ok, readJson, respond } from "@/lib/server/http";
import { importTestResults } from "@/lib/server/profiles";

/** Imports a laboratory's filled results file; a file for another testbook or with unknown tests is refused. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok(await importTestResults((await params).id, await readJson(request, z.unknown())), 201));
}
