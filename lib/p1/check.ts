import { toHex } from "./bytes";
import type { TCapture } from "./capture";
import { ConsistencyTracker } from "./checks/consistency";
import { checkContent } from "./checks/content";
import { checkCounters, type TCounted } from "./checks/counters";
import { checkFrame } from "./checks/frame";
import { checkTelegram } from "./checks/telegram";
import { checkTiming, type TTimed } from "./checks/timing";
import type { TP1Keys } from "./decrypt";
import { formatCrc } from "./crc";
import { lineExpectation, type TP1Layout } from "./layout";
import { FindingSink } from "./findings";
import { P1_REPORT_FORMAT_VERSION, type TP1DecodedUnit, type TP1Report } from "./report";
import { splitCapture, type TUnit } from "./split";

/**
 * The P1 checker: a capture judged against a profile's P1 layout. Pure: the caller reads the
 * capture, gives the keys and the time of the check; keys are used here and never written.
 */
export type TP1CheckOptions = {
  /** null when no key was given: frames are then reported undecryptable, not wrong. */
  keys: TP1Keys | null;
  /** ISO time of the check, for the report. */
  checkedAt: string;
  /** Tolerance on the 10 s period; 500 ms by default (testbook P1-001). */
  toleranceMs?: number;
  /** Tolerance between the clock's advance and the receive times; 2 s by default (the clock has 1 s steps). */
  clockToleranceMs?: number;
  /** Telegrams decoded line by line in the report; the rest only have their findings. 200 by default. */
  maxDecoded?: number;
};

/** Why a capture with no telegram or frame in it might be so. */
function describeUnreadable(bytes: Uint8Array): string {
  if (bytes.length === 0) return "the capture is empty";
  const sample = bytes.subarray(0, 4096);
  const text = String.fromCharCode(...sample.subarray(0, 512));
  if (/^[\s0-9A-Fa-f]+$/.test(text)) return "it holds hexadecimal text, not the received bytes: give the raw bytes, or a .jsonl capture of {\"t\", \"hex\"} lines";
  if (sample.includes(0x7e) && sample[0] === 0x7e) return "it starts with 0x7E, an HDLC flag: the port sends HDLC frames, not P1 telegrams";
  const high = sample.reduce((n, b) => n + (b >= 0x80 ? 1 : 0), 0);
  if (high > sample.length / 3) return "it holds binary bytes with neither a telegram header \"/XXX5\" nor a frame start 0xDB 0x08: a wrong baud rate or inverted signal is likely (the P1 port runs at 115200 Bd 8N1, its data line inverted on some adapters)";
  return "no telegram header \"/XXX5\" and no frame start 0xDB 0x08 was found";
}

/** Checks a capture against the P1 layout of a profile. Never throws on any capture. */
export function checkP1Capture(capture: TCapture, layout: TP1Layout, options: TP1CheckOptions): TP1Report {
  const { scheduling } = layout.readout;
  const maxDecoded = options.maxDecoded ?? 200;
  const units = splitCapture(capture);
  const findings = new FindingSink();
  const decoded: TP1DecodedUnit[] = [];
  const timed: TTimed[] = [];
  const counted: TCounted[] = [];
  const consistency = new ConsistencyTracker(options.clockToleranceMs ?? 2000);
  let index = 0;
  let telegrams = 0;
  let frames = 0;
  let checked = 0;
  const numbered = units.filter((u) => u.kind !== "noise");
  const times = capture.unitTimes;
  if (times && times.length !== numbered.length) {
    findings.add({ check: "capture.times", status: "WARN", reason: `the times file has ${times.length} times for ${numbered.length} telegrams and frames: they are matched in order` });
  }

  units.forEach((unit: TUnit, position) => {
    if (unit.kind === "noise") {
      const preview = toHex(capture.bytes, unit.start, Math.min(unit.end, unit.start + 16));
      const size = `${unit.end - unit.start} byte${unit.end - unit.start === 1 ? "" : "s"}`;
      if (unit.cut === "capture-start") findings.add({ check: "capture.cut", status: "WARN", reason: `the capture starts inside a telegram or frame: its first ${size} are skipped` });
      else {
        const after = position === units.length - 1 ? "after the last telegram or frame" : `after telegram or frame ${index}, before the next one,`;
        findings.add({ check: "capture.between", status: "FAIL", ...(index > 0 ? { unit: index } : {}), reason: `${size} ${after} belong to no telegram or frame: ${preview}${unit.end - unit.start > 16 ? "…" : ""}` });
      }
      return;
    }
    index++;
    const startAt = times ? (times[index - 1] ?? null) : unit.startAt;
    const endAt = times ? null : unit.endAt;
    if (unit.kind === "telegram") telegrams++;
    else frames++;
    findings.beginUnit();
    const item: TP1DecodedUnit = { index, kind: unit.kind, offset: unit.start, length: unit.end - unit.start, receivedAt: startAt, frame: null, crc: null, status: "PASS", lines: [], missing: [] };
    if (unit.cut === "capture-end") {
      findings.add({ check: "capture.cut", status: "WARN", unit: index, reason: `${unit.kind} ${index} is cut by the end of the capture: not judged` });
    } else {
      timed.push({ unit: index, startAt, endAt });
      let plaintext: Uint8Array | null;
      if (unit.kind === "telegram") {
        findings.add(
          layout.encrypted
            ? { check: "frame.encryption", status: "FAIL", unit: index, reason: `telegram ${index} is plain text, but the profile protects the P1 port (P1 security setup): it must be sent as an encrypted frame` }
            : { check: "frame.encryption", status: "PASS", unit: index, reason: "plain telegrams, as the profile (without P1 security) expects" },
        );
        plaintext = capture.bytes.subarray(unit.start, unit.end);
      } else {
        findings.add(
          layout.encrypted
            ? { check: "frame.encryption", status: "PASS", unit: index, reason: "encrypted frames, as the profile's P1 security setup requires" }
            : { check: "frame.encryption", status: "FAIL", unit: index, reason: `frame ${index} is encrypted, but the profile has no P1 security setup: plain telegrams are expected` },
        );
        const f = checkFrame(capture.bytes, unit, index, options.keys);
        findings.addAll(f.findings);
        item.frame = f.decoded;
        plaintext = f.plaintext;
        if (f.header.frameCounter !== null) {
          const keyIndex = f.decryption && (f.decryption.ok || f.decryption.plaintext) ? f.decryption.keyIndex : null;
          counted.push({ unit: index, counter: f.header.frameCounter, keyIndex, at: startAt });
        }
      }
      if (plaintext) {
        checked++;
        const t = checkTelegram(plaintext, index, unit.kind === "telegram" && unit.cut === "interrupted");
        const c = checkContent(t.data, layout, index, t.parsed.lines[0]?.text ?? null, findings);
        const broken = t.crcUnexplained ? t.decoded.filter((l) => l.kind === "data" && l.status === "FAIL") : [];
        if (t.crcUnexplained && broken.length === 1) {
          t.crcUnexplained.reason += `; likely cause: line ${broken[0]!.number} ("${broken[0]!.text.slice(0, 40)}") fails its format, a character was lost or changed there`;
        }
        findings.addAll(t.findings);
        item.lines = t.decoded;
        item.missing = c.missing;
        if (t.parsed.crc) item.crc = { received: t.parsed.crc.received, computed: formatCrc(t.parsed.crc.computed) };
        if (t.crcOk) consistency.add(index, startAt, c.values);
      }
    }
    item.status = findings.unitStatus;
    if (decoded.length < maxDecoded) decoded.push(item);
  });

  if (numbered.length === 0) findings.add({ check: "capture.content", status: "FAIL", reason: `no telegram or frame in ${capture.bytes.length} bytes: ${describeUnreadable(capture.bytes)}` });
  else findings.add({ check: "capture.content", status: "PASS", reason: `${telegrams} plain telegram${telegrams === 1 ? "" : "s"} and ${frames} encrypted frame${frames === 1 ? "" : "s"}` });
  for (const u of layout.unmatched) {
    findings.add({ check: "content.rows", status: "WARN", obis: u.obis, objectIds: [u.objectId], reason: `the profile's readout list holds ${u.obis} attribute ${u.attribute}, which the specification's readout list does not describe: its line is not checked` });
  }
  if (checked > 0 || timed.length > 0) {
    findings.addAll(checkTiming(timed, capture.requestAt, { periodMs: scheduling.periodMs, toleranceMs: options.toleranceMs ?? 500, firstWithinMs: scheduling.firstWithinMs, maxDurationMs: scheduling.maxDurationMs }, !times && capture.chunks.length > 0));
  }
  findings.addAll(checkCounters(counted, scheduling.periodMs, capture.endAt ?? (capture.chunks.length > 0 ? capture.chunks[capture.chunks.length - 1]!.at : null)));
  findings.addAll(consistency.finish());

  const lines = findings.lines();
  const summary: TP1Report["summary"] = { PASS: 0, FAIL: 0, WARN: 0, INCONCLUSIVE: 0 };
  for (const l of lines) summary[l.status]++;
  return {
    reportFormatVersion: P1_REPORT_FORMAT_VERSION,
    checkedAt: options.checkedAt,
    profile: { id: layout.profile.id, company: layout.profile.company, encrypted: layout.encrypted, readoutLines: layout.lines.length },
    capture: { source: capture.source, bytes: capture.bytes.length, telegrams, frames, checked, times: times ? "list" : capture.chunks.length > 0 ? "chunks" : "none", requestAt: capture.requestAt },
    verdict: checked === 0 ? "unreadable" : summary.FAIL > 0 ? "not-conformant" : "conformant",
    summary,
    lines,
    readout: layout.lines.map((l) => ({ obis: l.obis, name: l.name, expected: lineExpectation(l) })),
    decoded,
    decodedOmitted: index - decoded.length,
  };
}
