import { guruxAssociationFiles } from "@/lib/export/gurux-xml";
import { NotFoundError } from "@/lib/server/errors";
import { download, respond } from "@/lib/server/http";
import { loadVersion } from "@/lib/server/profiles";

/** The Gurux object-list XML of one client association of the profile. */
export function GET(request: Request, { params }: { params: Promise<{ id: string; client: string }> }) {
  return respond(async () => {
    const { id, client } = await params;
    const v = await loadVersion(request, id);
    const file = guruxAssociationFiles(v.profile).find((f) => f.clientId === client);
    if (!file) throw new NotFoundError(`This profile has no client "${client}".`);
    return download(file.xml, file.fileName, "application/xml");
  });
}
