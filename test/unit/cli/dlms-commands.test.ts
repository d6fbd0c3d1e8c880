import { spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAjv } from "@/lib/schemas/ajv";
import { DEVIATION_NAMES } from "@/lib/simulator/deviations";
import { EXAMPLES_DIR, ROOT } from "../../helpers/examples";
import { freePortRange } from "../../helpers/ports";
import { tempDir } from "../../helpers/temp-dir";

/** The secrets, simulate and inspect commands as a person runs them, in separate processes. */
const tsx = join(ROOT, "node_modules/.bin/tsx");
const cliPath = join(ROOT, "lib/cli/index.ts");
const cli = (...args: string[]) => {
  const r = spawnSync(tsx, [cliPath, ...args], { encoding: "utf8", cwd: ROOT, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const profile = join(EXAMPLES_DIR, "single-phase-plc.profile.json");
const dir = tempDir("cli-dlms");
const secretsFile = join(dir, "secrets.json");

describe("secrets", () => {
  test("writes fresh secrets valid against the published schema, readable by the owner only, printing none of them", () => {
    const r = cli("secrets", profile, "--out", secretsFile);
    expect(r.code).toBe(0);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(secretsFile, "utf8")) as { clients: Record<string, { password?: string }> };
    const validate = createAjv().compile(JSON.parse(readFileSync(join(ROOT, "profiles/schema/secrets.schema.json"), "utf8")) as object);
    expect(validate(secrets), JSON.stringify(validate.errors)).toBe(true);
    for (const c of Object.values(secrets.clients)) if (c.password) expect(r.stdout + r.stderr).not.toContain(c.password);
  });

  test("does not overwrite a secrets file without --force", () => {
    const before = readFileSync(secretsFile, "utf8");
    expect(cli("secrets", profile, "--out", secretsFile).code).toBe(2);
    expect(readFileSync(secretsFile, "utf8")).toBe(before);
  });

  test("refuses a file that is not a user profile, naming the problem", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ profileFormatVersion: "1.0" }));
    const r = cli("secrets", bad, "--out", join(dir, "other.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("invalid user profile");
  });
});

describe("simulate and inspect", () => {
  let port = 0;
  let child: ReturnType<typeof spawn> | undefined;
  let stdout = "";
  let exitCode: number | null | undefined;
  beforeAll(async () => {
    if (!statSync(secretsFile, { throwIfNoEntry: false })) cli("secrets", profile, "--out", secretsFile);
    port = await freePortRange(2);
    child = spawn(tsx, [cliPath, "simulate", profile, "--secrets", secretsFile, "--port", String(port), "--hdlc-port", String(port + 1)], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("exit", (code) => (exitCode = code));
    for (let i = 0; i < 200 && !stdout.includes("hdlc+tcp://"); i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => {
    child?.kill("SIGKILL");
  });

  test("simulate prints one line per endpoint with its clients", () => {
    expect(stdout).toContain(`tcp://127.0.0.1:${port} (TCP wrapper): Public client 16`);
    expect(stdout).toContain(`hdlc+tcp://127.0.0.1:${port + 1} (HDLC over TCP)`);
  });

  test("inspect lists the object list and reads every value, exit 0", async () => {
    const r = await cliAsync("inspect", `tcp://127.0.0.1:${port}`, "--client", "2", "--profile", profile, "--secrets", secretsFile, "--read", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { objects: unknown[]; reads: number; errors: number };
    expect(json.objects.length).toBe(155);
    expect(json.reads).toBeGreaterThan(300);
    expect(json.errors).toBe(0);
  });

  test("inspect over HDLC with the Public client needs no secrets", async () => {
    const r = await cliAsync("inspect", `hdlc+tcp://127.0.0.1:${port + 1}`, "--client", "16");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/25 objects/);
  });

  test("a refused association exits 1 with the meter's reason", async () => {
    const r = await cliAsync("inspect", `tcp://127.0.0.1:${port}`, "--client", "2", "--auth", "lls", "--password", "wrong-one");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("association refused: authentication failure");
  });

  test("no meter at the address exits 1 saying so", async () => {
    const free = await freePortRange(1);
    const r = await cliAsync("inspect", `tcp://127.0.0.1:${free}`, "--client", "16");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot connect to 127\.0\.0\.1:\d+: connection refused/);
  });

  test("simulate stops cleanly on SIGTERM", async () => {
    child!.kill("SIGTERM");
    for (let i = 0; i < 100 && exitCode === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    expect(exitCode).toBe(0);
  });
});

describe("wrong usage", () => {
  test("simulate --list-deviations lists every deviation with one line each", () => {
    const r = cli("simulate", "--list-deviations");
    expect(r.code).toBe(0);
    for (const name of DEVIATION_NAMES) expect(r.stdout).toMatch(new RegExp(`^${name} `, "m"));
  });

  test.each([
    [["simulate", profile], "usage: simulate"],
    [["simulate", profile, "--secrets", secretsFile, "--deviation", "no-such-thing"], 'unknown deviation "no-such-thing"'],
    [["simulate", profile, "--secrets", secretsFile, "--port", "70000"], "--port must be a port number"],
    [["inspect", "ftp://meter", "--client", "16"], "is not a meter address"],
    [["inspect", "tcp://127.0.0.1:4059"], "--client SAP is required"],
    [["inspect", "tcp://127.0.0.1:4059", "--client", "300"], "--client must be a whole number from 1 to 127"],
    [["inspect", "tcp://127.0.0.1:4059", "--client", "1", "--auth", "lls"], "LLS needs --password"],
  ])("%j exits 2", (args, message) => {
    const r = cli(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

function cliAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const c = spawn(tsx, [cliPath, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    c.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    c.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    c.on("close", (code) => done({ code, stdout, stderr }));
  });
}
