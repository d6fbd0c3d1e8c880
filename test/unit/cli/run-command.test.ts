import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZUserProfile } from "@/lib/profile/schema";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { parseResults } from "@/lib/testbook/results";
import { EXAMPLES_DIR, ROOT } from "../../helpers/examples";
import { freePortRange } from "../../helpers/ports";
import { tempDir } from "../../helpers/temp-dir";

/** The run command as a laboratory uses it: against a simulator in its own process, with a P1 port. */
const tsx = join(ROOT, "node_modules/.bin/tsx");
const cliPath = join(ROOT, "lib/cli/index.ts");
const cli = (...args: string[]) => {
  const r = spawnSync(tsx, [cliPath, ...args], { encoding: "utf8", cwd: ROOT, timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const profileFile = join(EXAMPLES_DIR, "three-phase-hls-cellular.profile.json");
const profile = ZUserProfile.parse(JSON.parse(readFileSync(profileFile, "utf8")));
const testbook = buildTestbook(profile, getCatalogue());
const dir = tempDir("cli-run");
const secretsFile = join(dir, "secrets.json");

async function startSimulator(port: number, extra: string[]): Promise<ChildProcess> {
  const child = spawn(tsx, [cliPath, "simulate", profileFile, "--secrets", secretsFile, "--port", String(port), "--hdlc-port", String(port + 1), "--p1", String(port + 2), ...extra], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 300 && !out.includes("hdlc+tcp://"); i++) await new Promise((r) => setTimeout(r, 100));
  if (!out.includes("hdlc+tcp://")) throw new Error(`the simulator did not start: ${out}`);
  return child;
}

describe("run against a faithful simulator", () => {
  let port = 0;
  let sim: ChildProcess;
  const out = join(dir, "faithful");
  let r: ReturnType<typeof cli>;
  beforeAll(async () => {
    expect(cli("secrets", profileFile, "--out", secretsFile).code).toBe(0);
    port = await freePortRange(3);
    sim = await startSimulator(port, []);
    r = cli("run", profileFile, "--meter", `tcp://127.0.0.1:${port}`, "--secrets", secretsFile, "--out", out, "--only", "associations", "--only", "time", "--only", "p1-port", "--p1", `tcp://127.0.0.1:${port + 2}`);
  }, 300_000);
  afterAll(() => {
    sim.kill();
  });

  test("exits 0 when nothing failed and says what it ran", () => {
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ tests against tcp:\/\/127\.0\.0\.1:\d+ in [\d.]+ s: \d+ PASS, 0 FAIL, 0 INCONCLUSIVE/);
  });

  test("writes the evidence files, each with its SHA-256 in SHA256SUMS as sha256sum checks it", () => {
    expect(readdirSync(out).sort()).toEqual(["SHA256SUMS", "evidence.zip", "junit.xml", "profile.json", "report.html", "report.pdf", "results.json", "run.json", "summary.json", "testbook.json", "traffic.jsonl"]);
    const check = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: out, encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  test("the PDF report reads in pdftotext with the meter, the outcome and every check that did not pass, and no line drawn over another", () => {
    const text = spawnSync("pdftotext", ["-layout", join(out, "report.pdf"), "-"], { encoding: "utf8" });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("PRIME+ conformance run");
    expect(text.stdout).toContain(profile.utility.company);
    expect(text.stdout).toMatch(/Tests by chapter/);
    expect(text.stdout).toMatch(/Checks that failed or could not be judged/);
    const bbox = spawnSync("pdftotext", ["-bbox-layout", join(out, "report.pdf"), "-"], { encoding: "utf8" }).stdout;
    for (const page of bbox.split("<page ").slice(1)) {
      const lines = [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
      for (let i = 0; i < lines.length; i++)
        for (let j = i + 1; j < lines.length; j++) {
          const [a, b] = [lines[i]!, lines[j]!];
          const overlap = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;
          expect(overlap, `lines ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(false);
        }
    }
  });

  test("the zip opens in Python's zipfile with every file intact", () => {
    const z = spawnSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print('\\n'.join(sorted(i.filename for i in z.infolist())))", join(out, "evidence.zip")], { encoding: "utf8" });
    expect(z.status, z.stderr).toBe(0);
    const [bad, ...names] = z.stdout.trim().split("\n");
    expect(bad).toBe("None");
    expect(names).toContain("evidence/report.html");
    expect(names).toContain("evidence/SHA256SUMS");
  });

  test("the results import as a laboratory's results of this testbook", () => {
    const parsed = parseResults(JSON.parse(readFileSync(join(out, "results.json"), "utf8")), testbook);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.summary.pass).toBeGreaterThan(10);
      expect(parsed.summary.fail).toBe(0);
      expect(parsed.results.results.find((x) => x.testId === "P1-004")?.verdict).toBe("PASS");
    }
  });

  test("the JUnit XML parses, with one testcase per check and the requirement ids as properties", () => {
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["testsuite", "testcase", "property"].includes(name) }).parse(readFileSync(join(out, "junit.xml"), "utf8")) as {
      testsuites: { "@_tests": string; "@_failures": string; testsuite: Array<{ testcase: Array<{ properties?: { property: Array<{ "@_name": string; "@_value": string }> } }> }> };
    };
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { stats: { checks: number } };
    const cases = xml.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases.length).toBe(run.stats.checks);
    expect(Number(xml.testsuites["@_tests"])).toBe(run.stats.checks);
    expect(xml.testsuites["@_failures"]).toBe("0");
    expect(cases.some((c) => c.properties?.property.some((p) => p["@_name"] === "requirement" && p["@_value"].startsWith("client:")))).toBe(true);
  });

  test("no secret of the secrets file is in any file it wrote, the PDF report's text included", () => {
    const secrets = JSON.parse(readFileSync(secretsFile, "utf8")) as { clients: Record<string, { password?: string; globalUnicastEncryptionKey?: string; globalAuthenticationKey?: string }> };
    const everything = readdirSync(out)
      .filter((f) => f !== "evidence.zip" && f !== "report.pdf")
      .map((f) => readFileSync(join(out, f), "utf8"))
      .concat(spawnSync("pdftotext", [join(out, "report.pdf"), "-"], { encoding: "utf8" }).stdout)
      .join("\n")
      .toLowerCase();
    for (const s of Object.values(secrets.clients)) {
      for (const v of [s.password, s.globalUnicastEncryptionKey, s.globalAuthenticationKey]) if (v) expect(everything).not.toContain(v.toLowerCase());
    }
  });

  test("refuses an --out folder that is not empty, and leaves it as it was", () => {
    const busy = join(dir, "busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "results.json"), "earlier");
    const again = cli("run", profileFile, "--meter", `tcp://127.0.0.1:${port}`, "--secrets", secretsFile, "--out", busy, "--only", "associations");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("is not empty");
    expect(readFileSync(join(busy, "results.json"), "utf8")).toBe("earlier");
  });

  test("an --only that names nothing of the testbook is wrong usage, naming it", () => {
    const wrong = cli("run", profileFile, "--meter", `tcp://127.0.0.1:${port}`, "--secrets", secretsFile, "--out", join(dir, "wrong"), "--only", "no-such-chapter");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"no-such-chapter" is no chapter, case or test');
  });

  test("Ctrl-C stops after the current check and still writes what has run", async () => {
    const stopped = join(dir, "stopped");
    const child = spawn(tsx, [cliPath, "run", profileFile, "--meter", `tcp://127.0.0.1:${port}`, "--secrets", secretsFile, "--out", stopped], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 600 && !stderr.includes("chapter access-rights"); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code).toBe(1);
    const run = JSON.parse(readFileSync(join(stopped, "run.json"), "utf8")) as { cancelled: boolean; tests: unknown[] };
    expect(run.cancelled).toBe(true);
    expect(run.tests.length).toBeGreaterThan(0);
    expect(run.tests.length).toBeLessThan(testbook.summary.tests);
  }, 120_000);
});

describe("run against a simulator that deviates from its profile", () => {
  test("exits 1 and names what differs", async () => {
    const port = await freePortRange(3);
    const sim = await startSimulator(port, ["--deviation", "wrong-capture-period"]);
    try {
      const r = cli("run", profileFile, "--meter", `tcp://127.0.0.1:${port}`, "--secrets", secretsFile, "--out", join(dir, "deviating"), "--only", "load-profiles");
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAIL LP-001#\d+: 1-0:99\.1\.0\.255 capture_period .*reads 1800; the profile says 900/);
    } finally {
      sim.kill();
    }
  }, 300_000);
});
