import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { documentCommand } from "@/lib/cli/commands/document";
import { testbookCommand } from "@/lib/cli/commands/testbook";
import { CliError, EXIT } from "@/lib/cli/errors";
import { inThreadRenderer } from "@/lib/documents/engine/in-thread";
import { RenderPool } from "@/lib/documents/pool";
import { renderProfilePdf } from "@/lib/documents/render";
import type { TUserProfile } from "@/lib/profile/schema";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { rawText } from "./pdf-text";
import { tempDir } from "../../helpers/temp-dir";

/** A valid profile kept small (12 objects) so that these tests render quickly. */
function smallProfile(): TUserProfile {
  const p = JSON.parse(readFileSync(join(EXAMPLES_DIR, "single-phase-plc.profile.json"), "utf8")) as TUserProfile;
  p.objects = p.objects.slice(0, 12);
  p.excluded = p.excluded.slice(0, 5);
  return p;
}

const tmp = () => tempDir("doc-cmd");
const args = (file: string, out: string) => ({ command: "x", positionals: [file], options: { out }, repeated: {}, flags: new Set<string>() });

describe("documentCommand", () => {
  test("writes profile.pdf, objects.csv and one Gurux object list per client", () => {
    const dir = tmp();
    const file = join(dir, "profile.json");
    writeFileSync(file, JSON.stringify(smallProfile()));
    const out = join(dir, "out");
    const message = documentCommand(args(file, out), getBaseline());
    expect(message).toContain("profile.pdf");
    expect(readdirSync(out).sort()).toEqual(["gurux-management-sap1.xml", "gurux-public-sap16.xml", "gurux-reading-sap2.xml", "objects.csv", "profile.pdf"]);
    expect(rawText(readFileSync(join(out, "profile.pdf")))).toContain("PRIME+ user profile");
  });

  test("an invalid profile exits 1 listing its problems by path, and nothing is written", () => {
    const dir = tmp();
    const profile = smallProfile() as unknown as Record<string, any>;
    profile.objects[0].obis = "not-an-obis";
    delete profile.utility;
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(profile));
    const out = join(dir, "out");
    let error: unknown;
    try {
      documentCommand(args(file, out), getBaseline());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.invalid);
    expect((error as CliError).problems.join("\n")).toMatch(/objects\.0\.obis/);
    expect((error as CliError).problems.join("\n")).toMatch(/utility/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("testbookCommand", () => {
  test("writes testbook.json, testbook.csv and testbook.pdf", () => {
    const dir = tmp();
    // The whole profile: the catalogue's tests name objects (the clock…) a trimmed profile lacks.
    const file = join(EXAMPLES_DIR, "single-phase-plc.profile.json");
    const out = join(dir, "out");
    testbookCommand(args(file, out), getBaseline());
    expect(readdirSync(out).sort()).toEqual(["testbook.csv", "testbook.json", "testbook.pdf"]);
    const testbook = JSON.parse(readFileSync(join(out, "testbook.json"), "utf8")) as { summary: { tests: number } };
    expect(testbook.summary.tests).toBeGreaterThan(0);
    expect(rawText(readFileSync(join(out, "testbook.pdf")))).toContain("PRIME+ testbook");
  });
});

describe("in-thread rendering", () => {
  test("gives the same bytes as the worker pool", async () => {
    const profile = smallProfile();
    const pool = new RenderPool(1);
    try {
      const viaPool = await renderProfilePdf(profile, { cacheDir: tmp(), pool });
      const inThread = await renderProfilePdf(profile, { cacheDir: tmp(), inThread: inThreadRenderer() });
      expect(inThread.equals(viaPool)).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
