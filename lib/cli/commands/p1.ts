import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { TBaseline } from "../../baseline/load";
import { toHex } from "../../p1/bytes";
import { captureFromBytes, captureFromJsonl, isJsonlCapture, parseTimes, type TCapture, type TCaptureResult } from "../../p1/capture";
import { checkP1Capture } from "../../p1/check";
import { specificationAuthenticationKey } from "../../p1/frame";
import { parseKey, parseKeys } from "../../p1/keys";
import { p1Layout } from "../../p1/layout";
import type { TP1Report } from "../../p1/report";
import { reportHtml } from "../../p1/report-html";
import { captureTcp } from "../../p1/sources/tcp";
import { p1ResultsFile } from "../../p1/testbook-map";
import { buildTestbook } from "../../testbook/build";
import { getCatalogue } from "../../testbook/catalogue";
import { CliError, EXIT } from "../errors";
import type { TArgs } from "../args";
import { readProfileFile } from "../inputs";

const USAGE = "usage: p1 <capture> --profile <profile.json> [--key HEX]… [--auth-key HEX] [--times <file>] [--serial <port> [--baud 115200] [--request-line] | --tcp <host:port>] [--seconds N] [--tolerance-ms 500] --out <dir>";
const MAX_CAPTURE_BYTES = 64 * 1024 * 1024;

const usage = (message: string) => new CliError(EXIT.usage, message);

function numberOption(args: TArgs, name: string, min: number, max: number): number | undefined {
  const text = args.options[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw usage(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

export function readCaptureFile(file: string, timesFile: string | undefined): TCapture {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(EXIT.usage, `cannot read ${file}: no such file`);
  }
  if (size > MAX_CAPTURE_BYTES) throw new CliError(EXIT.invalid, `${file} is larger than 64 MiB`);
  const bytes = new Uint8Array(readFileSync(file));
  let capture: TCapture;
  if (isJsonlCapture(file, bytes)) {
    const r = captureFromJsonl(basename(file), new TextDecoder().decode(bytes));
    if (!r.ok) throw new CliError(EXIT.invalid, r.error);
    capture = r.capture;
  } else capture = captureFromBytes(basename(file), bytes);
  if (timesFile === undefined) return capture;
  let text: string;
  try {
    text = readFileSync(timesFile, "utf8");
  } catch {
    throw new CliError(EXIT.usage, `cannot read ${timesFile}: no such file`);
  }
  const times = parseTimes(basename(timesFile), text);
  if (!times.ok) throw new CliError(EXIT.invalid, times.error);
  return { ...capture, unitTimes: times.times, requestAt: times.requestAt ?? capture.requestAt };
}

/** A live capture, kept as .jsonl next to the report so that it can be checked again. */
function captureJsonl(capture: TCapture): string {
  const lines: string[] = [];
  if (capture.requestAt !== null) lines.push(JSON.stringify({ t: capture.requestAt, event: "request" }));
  capture.chunks.forEach((c, i) => lines.push(JSON.stringify({ t: c.at, hex: toHex(capture.bytes, c.offset, capture.chunks[i + 1]?.offset ?? capture.bytes.length) })));
  if (capture.endAt !== null) lines.push(JSON.stringify({ t: capture.endAt, event: "end" }));
  return `${lines.join("\n")}\n`;
}

function summaryOf(report: TP1Report, written: string[]): { head: string; details: string[] } {
  const s = report.summary;
  const verdict = { conformant: "conformant", "not-conformant": "NOT conformant", unreadable: "unreadable" }[report.verdict];
  const head = `P1 check of ${report.capture.source}: ${verdict} (${report.capture.telegrams} telegrams, ${report.capture.frames} frames, ${report.capture.checked} checked; ${s.PASS} PASS, ${s.FAIL} FAIL, ${s.WARN} WARN, ${s.INCONCLUSIVE} INCONCLUSIVE)`;
  const notable = report.lines.filter((l) => l.status === "FAIL" || l.status === "WARN");
  const shown = notable.slice(0, 25).map((l) => `${l.status} ${l.check}${l.unit ? ` #${l.unit}` : ""}: ${l.reason}`);
  if (notable.length > shown.length) shown.push(`… ${notable.length - shown.length} more in p1-report.json`);
  return { head, details: [...shown, ...written.map((w) => `wrote ${w}`)] };
}

/**
 * Checks a P1 capture (a file, a serial port or a TCP source) against a profile; writes
 * p1-report.json, p1-report.html and p1-results.json (the verdicts as a results set of the
 * profile's testbook). Exit 0 when conformant, 1 when not or unreadable, 2 on wrong usage.
 */
export async function p1Command(args: TArgs, _baseline: TBaseline): Promise<string> {
  const [file, extra] = args.positionals;
  const { profile: profileFile, out, serial, tcp } = args.options;
  if (!profileFile || !out || extra !== undefined) throw usage(USAGE);
  const sources = [file, serial, tcp].filter((s) => s !== undefined).length;
  if (sources !== 1) throw usage("give one capture: a file, --serial <port> or --tcp <host:port>");
  const seconds = numberOption(args, "seconds", 1, 86_400);
  if ((serial || tcp) && seconds === undefined) throw usage("--serial and --tcp need --seconds");
  if (file && (seconds !== undefined || args.options.baud || args.flags.has("request-line"))) throw usage("--seconds, --baud and --request-line are for --serial or --tcp");
  if (args.options.times && !file) throw usage("--times goes with a capture file");
  const encryption = parseKeys((args.repeated.key ?? []).join(" "), "--key");
  if (!encryption.ok) throw usage(encryption.error);
  const auth = args.options["auth-key"] === undefined ? { ok: true as const, key: specificationAuthenticationKey() } : parseKey(args.options["auth-key"], "--auth-key");
  if (!auth.ok) throw usage(auth.error);
  const toleranceMs = numberOption(args, "tolerance-ms", 0, 5000);
  const baudRate = numberOption(args, "baud", 300, 4_000_000);

  const profile = readProfileFile(profileFile);
  const layout = p1Layout(profile);
  if (!layout) throw new CliError(EXIT.invalid, `${profileFile}: the profile has no P1 port (no P1 readout list 0-0:21.0.0.255)`);

  let capture: TCapture;
  if (file) capture = readCaptureFile(file, args.options.times);
  else {
    let live: TCaptureResult;
    // Loaded only here: the serial bindings are native code that other commands do not need.
    if (serial) live = await (await import("../../p1/sources/serial")).captureSerial(serial, { baudRate: baudRate ?? layout.readout.scheduling.baudRate, seconds: seconds!, requestLine: args.flags.has("request-line") });
    else {
      const m = /^(.+):(\d{1,5})$/.exec(tcp!);
      if (!m || Number(m[2]) > 65535) throw usage("--tcp must be host:port");
      live = await captureTcp(m[1]!.replace(/^\[(.*)\]$/, "$1"), Number(m[2]), seconds!);
    }
    if (!live.ok) throw new CliError(EXIT.invalid, live.error);
    capture = live.capture;
  }

  const now = new Date();
  const keys = encryption.keys.length > 0 ? { encryption: encryption.keys, authentication: auth.key } : null;
  const report = checkP1Capture(capture, layout, { keys, checkedAt: now.toISOString(), ...(toleranceMs === undefined ? {} : { toleranceMs }) });
  const results = p1ResultsFile(report, buildTestbook(profile, getCatalogue()), { date: now.toISOString().slice(0, 10) });
  mkdirSync(out, { recursive: true });
  const written = [join(out, "p1-report.json"), join(out, "p1-report.html"), join(out, "p1-results.json")];
  writeFileSync(written[0]!, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(written[1]!, reportHtml(report));
  writeFileSync(written[2]!, `${JSON.stringify(results, null, 2)}\n`);
  if (!file) {
    written.push(join(out, "p1-capture.jsonl"));
    writeFileSync(written[3]!, captureJsonl(capture));
  }
  const { head, details } = summaryOf(report, written);
  if (report.verdict !== "conformant") throw new CliError(EXIT.invalid, head, details);
  return [head, ...details].join("\n");
}
