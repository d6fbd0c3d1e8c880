import "server-only";
import { join } from "node:path";
import { renderProfilePdf, renderTestbookPdf } from "../documents/render";
import { getBaseline } from "../baseline/prime-plus";
import { getEnv } from "./env";
import { testbookOf, type TLoadedVersion } from "./profiles";

/** Rendered documents live next to the database, so a restart keeps them. */
const cacheDir = () => join(getEnv().PRIME_PLUS_DATA_DIR, "documents");

export function profilePdf(version: TLoadedVersion): Promise<Buffer> {
  return renderProfilePdf(version.profile, {
    answersVersion: version.number,
    generatedAt: version.createdAt,
    groupNames: Object.fromEntries(getBaseline().groups.map((g) => [g.id, g.name])),
    cacheDir: cacheDir(),
    inputHash: version.profile.id,
  });
}

export function testbookPdf(version: TLoadedVersion): Promise<Buffer> {
  const testbook = testbookOf(version.profile);
  return renderTestbookPdf(testbook, { generatedAt: version.createdAt, cacheDir: cacheDir(), inputHash: testbook.id });
}

/** Renders both documents of a new version in the background, so that a person never waits for them. */
export function prerenderDocuments(version: TLoadedVersion): void {
  void profilePdf(version)
    .then(() => testbookPdf(version))
    .catch((e: unknown) => console.error("Pre-rendering the documents of a version failed", e));
}
