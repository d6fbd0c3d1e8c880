import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import type { TBaseline } from "../../baseline/load";
import { evidenceArchive, evidenceFiles, redactedRun } from "../../conformance/archive";
import { buildRunReportDocument } from "../../conformance/report-document";
import { renderDocumentPdf } from "../../documents/render";
import type { TOperator, TP1Source } from "../../conformance/environment";
import { runConformance, unknownSelections, type TRunEvent } from "../../conformance/run";
import { summarizeRun } from "../../conformance/summary";
import { captureTcp } from "../../p1/sources/tcp";
import { getAutomation } from "../../testbook/automation";
import { buildTestbook } from "../../testbook/build";
import { getCatalogue } from "../../testbook/catalogue";
import { channelFor, parseMeterAddress, type TMeterAddress } from "../../transport/meter-address";
import type { TArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { readProfileFile, readSecretsFile } from "../inputs";
import { readCaptureFile } from "./p1";

export const RUN_USAGE =
  "usage: run <profile.json> --meter <tcp://host:port | hdlc+tcp://host:port | serial:///dev/ttyUSB0> --secrets <secrets.json> --out <dir> [--only <chapter | case | test id>]... [--operator] [--p1 <capture file | tcp://host:port | serial:///dev/ttyUSB1>] [--server N] [--physical N] [--timeout S]";

export type TCommandOutcome = { summary: string; exitCode: number };

function integerOption(args: TArgs, name: string, min: number, max: number): number | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(EXIT.usage, `--${name} must be a whole number from ${min} to ${max}, not "${v}"`);
  return n;
}

/** The meter's P1 port for the P1 tests: a capture file as it is, or some seconds read live from TCP or a serial port. */
function p1Source(text: string): TP1Source {
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(text);
  if (tcp) {
    const host = tcp[1]!.replace(/^\[|\]$/g, "");
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) throw new CliError(EXIT.usage, `--p1: port ${port} is outside 1..65535`);
    return { description: text, capture: (seconds) => captureTcp(host, port, seconds) };
  }
  const serial = /^serial:\/\/(\/\S+)$/.exec(text);
  if (serial) {
    return {
      description: text,
      // Loaded only here: the serial bindings are native code the other runs do not need.
      capture: async (seconds) => (await import("../../p1/sources/serial")).captureSerial(serial[1]!, { baudRate: 115_200, seconds, requestLine: true }),
    };
  }
  const capture = readCaptureFile(text, undefined);
  return { description: text, capture: async () => ({ ok: true, capture }) };
}

/** Asks each assisted question on the terminal: y for yes, n for no, s (or nothing) to skip it. */
function terminalOperator(): { operator: TOperator; close: () => void } {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const operator: TOperator = async (question) => {
    for (;;) {
      const answer = (await rl.question(`\n${question} [y/n/s = skip] `)).trim().toLowerCase();
      if (answer === "y" || answer === "yes") return true;
      if (answer === "n" || answer === "no") return false;
      if (answer === "" || answer === "s" || answer === "skip") return null;
    }
  };
  return { operator, close: () => rl.close() };
}

/** A progress line on a terminal (redrawn), or a line per chapter otherwise. */
function progress(total: () => number): (event: TRunEvent) => void {
  const tty = process.stderr.isTTY === true;
  const counts = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0, "NOT-RUN": 0 };
  let chapter = "";
  let done = 0;
  let current = "";
  let drawn = 0;
  const draw = () => {
    const width = 24;
    const filled = total() === 0 ? width : Math.round((done / total()) * width);
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total()} tests · ${counts.PASS} PASS ${counts.FAIL} FAIL ${counts.INCONCLUSIVE} INCONCLUSIVE ${counts["NOT-RUN"]} NOT-RUN · ${current}`;
    const cut = line.slice(0, Math.max(40, (process.stderr.columns ?? 120) - 1));
    process.stderr.write(`\r${cut}${" ".repeat(Math.max(0, drawn - cut.length))}`);
    drawn = cut.length;
  };
  return (event) => {
    if (event.type === "test") {
      current = event.test.id;
      if (!tty && event.test.chapter !== chapter) process.stderr.write(`${event.index}/${total()} tests: chapter ${event.test.chapter}\n`);
      chapter = event.test.chapter;
    }
    if (event.type === "check") counts[event.check.verdict]++;
    if (event.type === "test-done") done = event.index + 1;
    if (tty && event.type !== "start") draw();
    if (tty && event.type === "done") process.stderr.write("\n");
  };
}

/**
 * Runs the profile's testbook against a meter: every automatic test, the assisted ones when an
 * operator answers, the P1 tests when a P1 source is given. Writes the evidence to --out, which
 * must be new or empty: a run never overwrites earlier results. Exit 0 when nothing failed, 1 when
 * a check failed or could not be judged, 2 on wrong usage.
 */
export async function runCommand(args: TArgs, _baseline: TBaseline): Promise<TCommandOutcome> {
  const [profileFile, extra] = args.positionals;
  const { meter, secrets: secretsFile, out } = args.options;
  if (!profileFile || !meter || !secretsFile || !out || extra !== undefined) throw new CliError(EXIT.usage, RUN_USAGE);
  const parsed = parseMeterAddress(meter);
  if (typeof parsed === "string") throw new CliError(EXIT.usage, `--meter: ${parsed}`);
  const address: TMeterAddress = parsed;
  if (existsSync(out) && readdirSync(out).length > 0) throw new CliError(EXIT.usage, `--out ${out} is not empty: a run never overwrites earlier results, give a new folder`);
  const timeoutMs = (integerOption(args, "timeout", 1, 600) ?? 10) * 1000;
  const logicalDevice = integerOption(args, "server", 0, 0x3fff) ?? 1;
  const physical = integerOption(args, "physical", 0, 0x3fff);
  const profile = readProfileFile(profileFile);
  const secrets = readSecretsFile(secretsFile, profile);
  const testbook = buildTestbook(profile, getCatalogue());
  const only = args.repeated.only ?? [];
  const unknown = unknownSelections(testbook, only);
  if (unknown.length > 0) throw new CliError(EXIT.usage, `--only: ${unknown.map((u) => `"${u}"`).join(", ")} is no chapter, case or test of this profile's testbook (chapters: ${testbook.chapters.map((c) => c.id).join(", ")})`);
  const p1 = args.options.p1 ? p1Source(args.options.p1) : undefined;
  const terminal = args.flags.has("operator") ? terminalOperator() : undefined;

  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nstopping after the current check (Ctrl-C again to quit at once)…\n");
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  let total = 0;
  const show = progress(() => total);
  let result;
  try {
    result = await runConformance({
      profile,
      testbook,
      secrets,
      automation: getAutomation(),
      target: { description: meter, channel: (clientSap) => channelFor(address, { clientSap, logicalDevice, ...(physical !== undefined ? { physical } : {}) }) },
      framing: address.kind === "wrapper" ? "wrapper" : "hdlc",
      only,
      ...(terminal ? { operator: terminal.operator } : {}),
      ...(p1 ? { p1 } : {}),
      signal: controller.signal,
      timeoutMs,
      onEvent: (event) => {
        if (event.type === "start") total = event.tests;
        show(event);
      },
    });
  } finally {
    process.off("SIGINT", onInterrupt);
    terminal?.close();
  }

  process.stderr.write("writing the report…\n");
  const pdf = await renderDocumentPdf(buildRunReportDocument(redactedRun(result, secrets), testbook, summarizeRun(result, testbook)));
  const files = evidenceFiles(result, testbook, profile, secrets, pdf);
  mkdirSync(out, { recursive: true });
  for (const f of files) writeFileSync(join(out, f.name), f.bytes);
  writeFileSync(join(out, "evidence.zip"), evidenceArchive(files, "evidence", result.finishedAt));
  const s = summarizeRun(result, testbook);
  const lines = [
    `${result.cancelled ? "cancelled: " : ""}${result.tests.length} tests against ${meter} in ${result.stats.seconds.toFixed(1)} s: ${s.tests.PASS} PASS, ${s.tests.FAIL} FAIL, ${s.tests.INCONCLUSIVE} INCONCLUSIVE, ${s.tests["NOT-RUN"]} NOT-RUN`,
    `${result.stats.executed} checks executed (${s.checks.PASS} PASS, ${s.checks.FAIL} FAIL, ${s.checks.INCONCLUSIVE} INCONCLUSIVE), ${result.stats.roundTrips} round trips, ${result.stats.bytes} bytes; ${s.coverage.executed} of ${s.coverage.requirements} requirements covered`,
    ...result.tests.flatMap((t) => t.checks.filter((c) => c.verdict === "FAIL")).slice(0, 20).map((c) => `  FAIL ${c.id}: ${c.title}: ${c.message}`),
    ...(s.checks.FAIL > 20 ? [`  … ${s.checks.FAIL - 20} more FAILs in ${join(out, "report.html")}`] : []),
    `wrote ${files.map((f) => join(out, f.name)).join(", ")} and ${join(out, "evidence.zip")}`,
  ];
  return { summary: lines.join("\n"), exitCode: s.checks.FAIL > 0 || s.checks.INCONCLUSIVE > 0 || result.cancelled ? EXIT.invalid : EXIT.ok };
}
