/**
 * The P1 check report: one line per check with its verdict and the evidence, and every telegram
 * decoded line by line. It holds no key: keys are used for the check and never written.
 */
export const P1_REPORT_FORMAT_VERSION = "1.0";

export const P1_STATUSES = ["PASS", "FAIL", "WARN", "INCONCLUSIVE"] as const;
export type TP1Status = (typeof P1_STATUSES)[number];

/** Every check, by id, with what it verifies; the report's lines name them. */
export const P1_CHECKS = {
  "capture.content": "The capture holds P1 telegrams or frames",
  "capture.cut": "Telegrams or frames cut by the start or the end of the capture (not judged)",
  "capture.between": "Nothing is sent between telegrams or frames",
  "capture.times": "The receive times fit the capture",
  "telegram.complete": "Each telegram is complete: the next one does not start before its end line",
  "telegram.header": "The header line is \"/\", a three-letter FLAG id, \"5\" and an identification",
  "telegram.empty-line": "The second line is empty",
  "telegram.line-ends": "Every line ends with CR LF",
  "telegram.characters": "Lines hold printable ASCII only",
  "telegram.data-lines": "Data lines are an OBIS code without F group followed by values in brackets",
  "telegram.end-line": "The end line is \"!\" followed by 4 upper-case hexadecimal digits and CR LF",
  "telegram.crc": "The CRC-16 (0xA001 reflected, from \"/\" through \"!\") verifies",
  "frame.encryption": "The port encrypts its telegrams exactly when the profile has a P1 security setup",
  "frame.tag": "An encrypted frame starts with 0xDB (general-glo-ciphering)",
  "frame.system-title": "The system title length is 0x08, followed by the 8-byte system title",
  "frame.length": "The length field (one, two or three bytes) counts what follows it: 17 + the ciphertext",
  "frame.security-control": "The security control byte is 0x30 (authenticated and encrypted, suite 0)",
  "frame.complete": "Each frame is complete: as long as its length field says",
  "frame.decryption": "The frame decrypts and its 12-byte tag verifies with the P1 key and the AAD 30h || authentication key",
  "frame.counter": "The frame counter rises by one per frame",
  "frame.counter-reset": "The frame counter restarts only after a key change",
  "frame.counter-overflow": "After frame counter 0xFFFFFFFF the port sends no more frames",
  "content.rows": "Every line of the profile's readout list is present",
  "content.optional": "Lines of the specification's readout list outside the profile's list (allowed)",
  "content.outside": "Lines outside the specification's readout list (warnings)",
  "content.duplicates": "No OBIS code appears twice",
  "content.format": "Each value has the format and unit of its readout row",
  "content.order": "The P1 version comes first and each M-Bus channel starts with its device type",
  "content.version": "The P1 version line has the expected value",
  "timing.first": "The first telegram comes at most 1 s after the request",
  "timing.interval": "Telegrams come every 10 s (± tolerance)",
  "timing.duration": "Each telegram is sent in at most 8 s",
  "consistency.registers": "Energy registers and M-Bus indexes never decrease",
  "consistency.clock": "The telegram clock advances with the receive times",
} as const;
export type TP1CheckId = keyof typeof P1_CHECKS;

/** What one check found, for one telegram or frame (`unit`, 1-based) or for the whole capture. */
export type TP1Finding = {
  check: TP1CheckId;
  status: TP1Status;
  reason: string;
  unit?: number;
  line?: number;
  /** OBIS code of the line concerned, without F group. */
  obis?: string;
  /** Profile objects the line's values come from. */
  objectIds?: string[];
  /** "check|obis", made once per readout line so that thousands of findings group fast; not written to the report. */
  subject?: string;
};

export type TP1ReportLine = Omit<TP1Finding, "subject"> & {
  /** The tailored testbook tests the line is evidence for. */
  testIds: string[];
  /** PASS and INCONCLUSIVE lines stand for this many telegrams or frames. */
  count?: number;
  /** A FAIL or WARN line found the same way in several telegrams or frames lists them all (`unit` is the first). */
  units?: number[];
};

export type TP1DecodedLine = {
  number: number;
  kind: "header" | "empty" | "data" | "end";
  text: string;
  obis: string | null;
  /** The readout row(s) of the line: name, format and unit. */
  row: { name: string; expected: string; inProfile: boolean } | null;
  status: TP1Status;
  reasons: string[];
};

export type TP1DecodedUnit = {
  /** 1-based position among the capture's telegrams and frames. */
  index: number;
  kind: "telegram" | "frame";
  offset: number;
  length: number;
  receivedAt: number | null;
  frame: { systemTitle: string | null; frameCounter: number | null; securityControl: number | null; decrypted: boolean; keyNumber: number | null; problem: string | null } | null;
  crc: { received: string; computed: string } | null;
  status: TP1Status;
  /** The telegram's lines; empty when a frame could not be decrypted. */
  lines: TP1DecodedLine[];
  /** Lines of the profile's readout list this telegram lacks. */
  missing: { obis: string; name: string }[];
};

export const P1_VERDICTS = ["conformant", "not-conformant", "unreadable"] as const;
export type TP1Verdict = (typeof P1_VERDICTS)[number];

export type TP1Report = {
  reportFormatVersion: typeof P1_REPORT_FORMAT_VERSION;
  checkedAt: string;
  profile: { id: string; company: string; encrypted: boolean; readoutLines: number };
  capture: {
    source: string;
    bytes: number;
    telegrams: number;
    frames: number;
    /** Telegrams whose text was checked (plain, or decrypted). */
    checked: number;
    times: "none" | "chunks" | "list";
    requestAt: number | null;
  };
  verdict: TP1Verdict;
  summary: Record<TP1Status, number>;
  lines: TP1ReportLine[];
  /** The readout list of the profile, for the table next to the decoded telegrams. */
  readout: { obis: string; name: string; expected: string }[];
  decoded: TP1DecodedUnit[];
  /** Telegrams and frames beyond the decoded ones (only their findings are reported). */
  decodedOmitted: number;
};

/** Decoded lines start with this shared empty list; markLine gives a line its own list when it gets a reason. */
const NO_REASONS: string[] = [];
export const noReasons = (): string[] => NO_REASONS;

export function markLine(line: TP1DecodedLine, status: TP1Status, ...reasons: string[]): void {
  if (RANK[status] > RANK[line.status]) line.status = status;
  if (reasons.length === 0) return;
  if (line.reasons === NO_REASONS) line.reasons = reasons;
  else line.reasons.push(...reasons);
}

const RANK: Record<TP1Status, number> = { PASS: 0, INCONCLUSIVE: 1, WARN: 2, FAIL: 3 };
export const worstStatus = (statuses: Iterable<TP1Status>): TP1Status => {
  let worst: TP1Status = "PASS";
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
};
