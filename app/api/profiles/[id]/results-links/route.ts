import { authorize } from "@/lib/server/access";
import { ok, readJson, respond } from "@/lib/server/http";
import { createLink, listLinks, ZCreateResultsLink } from "@/lib/server/results-links";

/** Creates a laboratory's results link: `{ laboratory, expiresOn: "YYYY-MM-DD" }`; only the owner may. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const grant = await authorize(request, (await params).id, "manage-results-links");
    const link = await createLink(grant, await readJson(request, ZCreateResultsLink));
    return ok({ token: link.token, path: `/results/${link.token}`, laboratory: link.laboratory, expiresAt: link.expiresAt }, 201);
  });
}

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => ok({ links: await listLinks(await authorize(request, (await params).id, "manage-results-links")) }));
}
