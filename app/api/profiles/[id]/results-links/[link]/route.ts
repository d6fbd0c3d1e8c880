import { authorize } from "@/lib/server/access";
import { ok, respond } from "@/lib/server/http";
import { revokeLink } from "@/lib/server/results-links";

/** Revokes a results link: it stops working at once; the sets it brought stay. */
export function DELETE(request: Request, { params }: { params: Promise<{ id: string; link: string }> }) {
  return respond(async () => {
    const { id, link } = await params;
    const revoked = await revokeLink(await authorize(request, id, "manage-results-links"), link);
    return ok({ token: revoked.token, revokedAt: revoked.revokedAt });
  });
}
