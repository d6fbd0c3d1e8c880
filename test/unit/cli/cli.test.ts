import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateProfileSchema } from "@/lib/schemas/ajv";
import { EXAMPLES_DIR, ROOT } from "../../helpers/examples";
import { tempDir } from "../../helpers/temp-dir";

function cli(...args: string[]) {
  const r = spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "lib/cli/index.ts"), ...args], { encoding: "utf8", cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => tempDir("cli");
const example = (name: string) => join(EXAMPLES_DIR, `${name}.answers.json`);

describe("cli", () => {
  test("profile writes <dir>/profile.json, valid against the published schema", () => {
    const out = join(tmp(), "nested", "dir");
    const r = cli("profile", example("three-phase-hls-cellular"), "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*profile\.json: 4 clients, \d+ objects/);
    const profile = JSON.parse(readFileSync(join(out, "profile.json"), "utf8")) as unknown;
    expect(validateProfileSchema(profile)).toEqual([]);
    expect(readFileSync(join(out, "profile.json"), "utf8")).toBe(readFileSync(join(EXAMPLES_DIR, "three-phase-hls-cellular.profile.json"), "utf8"));
  });

  test("invalid answers exit 1, list every problem by JSON path and write nothing", () => {
    const dir = tmp();
    const answers = JSON.parse(readFileSync(example("single-phase-plc"), "utf8")) as Record<string, any>;
    answers.contact.email = "not an email";
    answers.regulatory.powerQuality.swellThresholdPercent = 90;
    const file = join(dir, "bad.answers.json");
    writeFileSync(file, JSON.stringify(answers));
    const r = cli("profile", file, "--out", join(dir, "out"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("contact.email: Email address: must be a valid email address");
    expect(r.stderr).toContain("regulatory.powerQuality.swellThresholdPercent: Voltage swell threshold (% above nominal): must be at most 50 %");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("a file that is not JSON exits 1", () => {
    const file = join(tmp(), "broken.json");
    writeFileSync(file, "{ not json");
    const r = cli("validate", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not valid JSON");
  });

  test("validate accepts an answers file and a profile file", () => {
    expect(cli("validate", example("full"))).toMatchObject({ code: 0, stdout: expect.stringContaining("valid answers") });
    expect(cli("validate", join(EXAMPLES_DIR, "full.profile.json"))).toMatchObject({ code: 0, stdout: expect.stringContaining("valid user profile") });
  });

  test("validate lists the problems of a tampered profile by JSON path", () => {
    const profile = JSON.parse(readFileSync(join(EXAMPLES_DIR, "single-phase-plc.profile.json"), "utf8")) as Record<string, any>;
    profile.objects[0].obis = "not-an-obis";
    const file = join(tmp(), "tampered.profile.json");
    writeFileSync(file, JSON.stringify(profile));
    const r = cli("validate", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("objects.0.obis: must match pattern");
  });

  test.each([
    [[], "usage"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["profile", "x.json"], "usage: profile <answers.json> --out <dir>"],
    [["profile", "x.json", "--out"], "option --out needs a value"],
    [["validate", "/no/such/file.json"], "no such file"],
    [["validate", "a.json", "--colour", "red"], "unknown option --colour"],
  ])("wrong usage %j exits 2", (args, message) => {
    const r = cli(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
