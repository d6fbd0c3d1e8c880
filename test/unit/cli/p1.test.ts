import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ZResultsFile } from "@/lib/testbook/results";
import { EXAMPLES_DIR, ROOT } from "../../helpers/examples";
import { concat, exampleLayout, frameOf, P1_AUTH_KEY_HEX, P1_KEY_HEX, P1_NEW_KEY_HEX, sendTime, telegramAt } from "../../helpers/p1-meter";
import { tempDir } from "../../helpers/temp-dir";

function cli(...args: string[]) {
  const r = spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "lib/cli/index.ts"), ...args], { encoding: "utf8", cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const profile = join(EXAMPLES_DIR, "three-phase-hls-cellular.profile.json");
const layout = exampleLayout("three-phase-hls-cellular");
const frames = [0, 1, 2].map((i) => frameOf(telegramAt(layout, i), 50 + i));

function captureFiles() {
  const dir = tempDir("p1-cli");
  writeFileSync(join(dir, "p1.bin"), concat(frames));
  writeFileSync(join(dir, "times.json"), JSON.stringify({ request: sendTime(0) - 500, times: frames.map((_, i) => sendTime(i)) }));
  writeFileSync(join(dir, "p1.jsonl"), frames.map((f, i) => JSON.stringify({ t: sendTime(i), hex: Buffer.from(f).toString("hex") })).join("\n"));
  return dir;
}

describe("cli p1", () => {
  test("a conformant capture exits 0 and writes the JSON and HTML reports and the results set, without the key", () => {
    const dir = captureFiles();
    const out = join(dir, "out");
    const r = cli("p1", join(dir, "p1.bin"), "--profile", profile, "--key", P1_KEY_HEX, "--auth-key", P1_AUTH_KEY_HEX, "--times", join(dir, "times.json"), "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^P1 check of p1\.bin: conformant \(0 telegrams, 3 frames, 3 checked; \d+ PASS, 0 FAIL, 0 WARN, 1 INCONCLUSIVE\)/);
    expect(r.stdout).toContain("wrote ");
    const report = readFileSync(join(out, "p1-report.json"), "utf8");
    expect(JSON.parse(report)).toMatchObject({ verdict: "conformant", capture: { times: "list" } });
    for (const file of ["p1-report.json", "p1-report.html", "p1-results.json"]) expect(readFileSync(join(out, file), "utf8").toUpperCase()).not.toContain(P1_KEY_HEX);
    expect(ZResultsFile.safeParse(JSON.parse(readFileSync(join(out, "p1-results.json"), "utf8"))).success).toBe(true);
  });

  test("a wrong key exits 1 and says wrong key", () => {
    const dir = captureFiles();
    const r = cli("p1", join(dir, "p1.jsonl"), "--profile", profile, "--key", P1_NEW_KEY_HEX, "--out", join(dir, "out"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: P1 check of p1.jsonl: unreadable");
    expect(r.stderr).toContain("FAIL frame.decryption #1: wrong key");
    expect(r.stderr).not.toContain(P1_NEW_KEY_HEX);
    expect(existsSync(join(dir, "out", "p1-report.html"))).toBe(true);
  });

  test.each([
    [["p1", "x.bin", "--out", "o"], "usage: p1 <capture> --profile <profile.json>"],
    [["p1", "x.bin", "--profile", profile, "--out", "o", "--key", "0011"], "--key must be 32 hexadecimal digits (16 bytes)"],
    [["p1", "--profile", profile, "--out", "o"], "give one capture: a file, --serial <port> or --tcp <host:port>"],
    [["p1", "--tcp", "127.0.0.1:4064", "--profile", profile, "--out", "o"], "--serial and --tcp need --seconds"],
    [["p1", "x.bin", "--profile", profile, "--out", "o", "--seconds", "5"], "--seconds, --baud and --request-line are for --serial or --tcp"],
    [["p1", "/no/such.bin", "--profile", profile, "--out", "o"], "cannot read /no/such.bin: no such file"],
  ])("wrong usage %j exits 2", (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test("a profile without a P1 port exits 1", () => {
    const dir = captureFiles();
    const r = cli("p1", join(dir, "p1.bin"), "--profile", join(EXAMPLES_DIR, "single-phase-plc.profile.json"), "--out", join(dir, "out"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the profile has no P1 port");
  });
});
