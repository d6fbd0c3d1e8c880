import { testbookTestlinkXml } from "@/lib/export/testlink";
import { download, respond } from "@/lib/server/http";
import { loadTestbookVersion, testbookOf } from "@/lib/server/profiles";
import { getAutomation } from "@/lib/testbook/automation";

/** The testbook as a TestLink test specification (Import test suite). */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const v = await loadTestbookVersion(request, (await params).id);
    return download(testbookTestlinkXml(testbookOf(v.profile), getAutomation()), `prime-plus-testbook-v${v.number}.testlink.xml`, "application/xml");
  });
}
