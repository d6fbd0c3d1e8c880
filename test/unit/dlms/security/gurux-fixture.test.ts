import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "../../../..");
const SCRIPT = join(ROOT, "test/tools/gurux-security-vectors.py");
const FIXTURE = join(ROOT, "test/fixtures/gurux/security-vectors.json");
const GURUX = join(ROOT, "../shared/peers/gurux-dlms-python");
const hasPython = (() => {
  try {
    execFileSync("python3", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
})();
const canRegenerate = hasPython && existsSync(join(GURUX, "gurux_dlms"));

describe("test/fixtures/gurux/security-vectors.json", () => {
  test.skipIf(!canRegenerate)("is exactly what test/tools/gurux-security-vectors.py prints with Gurux.DLMS.Python", () => {
    const printed = execFileSync("python3", [SCRIPT, GURUX], { maxBuffer: 16 * 1024 * 1024 }).toString();
    expect(printed).toBe(readFileSync(FIXTURE, "utf8"));
  });
  if (!canRegenerate) console.log("gurux-fixture.test.ts: python3 or ../shared/peers/gurux-dlms-python is missing; the regeneration check is skipped");
});
