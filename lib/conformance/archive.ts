import { createHash } from "node:crypto";
import { zipSync } from "fflate";
import type { TUserProfile } from "../profile/schema";
import type { TSecrets } from "../secrets/schema";
import type { TTestbook } from "../testbook/testbook-schema";
import { runJunit } from "./junit";
import { runReportHtml } from "./report-html";
import { runResultsFile } from "./results";
import type { TRunResult } from "./run";
import { summarizeRun } from "./summary";
import { redactSecrets, secretPatterns } from "./traffic";

/**
 * What a run leaves behind: the report (HTML, and PDF when rendered), the results in the
 * testbook's format, JUnit XML, the summary, the traffic log, the profile and the testbook, with
 * the SHA-256 of each in SHA256SUMS (the format `sha256sum -c` checks) and everything in one zip.
 * Every text file goes through the secrets' redaction before it is hashed.
 */
export interface TEvidenceFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The run with every secret of the secrets file replaced by asterisks in its texts: what a report is built from. */
export function redactedRun(run: TRunResult, secrets: TSecrets): TRunResult {
  return JSON.parse(redactSecrets(JSON.stringify(run), secretPatterns(secrets))) as TRunResult;
}

/** `laboratory` names who ran it in results.json, as in the results set the run becomes. */
export function evidenceFiles(run: TRunResult, testbook: TTestbook, profile: TUserProfile, secrets: TSecrets, pdf?: Uint8Array, laboratory?: string): TEvidenceFile[] {
  const patterns = secretPatterns(secrets);
  const summary = summarizeRun(run, testbook);
  const { traffic, ...withoutTraffic } = run;
  const texts: Array<[string, string]> = [
    ["report.html", runReportHtml(run, testbook, summary)],
    ["results.json", json(runResultsFile(run, testbook, laboratory))],
    ["junit.xml", runJunit(run, testbook)],
    ["summary.json", json(summary)],
    ["run.json", json(withoutTraffic)],
    ["traffic.jsonl", traffic.map((t) => JSON.stringify(t)).join("\n") + "\n"],
    ["profile.json", json(profile)],
    ["testbook.json", json(testbook)],
  ];
  const files: TEvidenceFile[] = texts.map(([name, text]) => {
    const bytes = utf8(redactSecrets(text, patterns));
    return { name, bytes, sha256: sha256(bytes) };
  });
  if (pdf) files.splice(1, 0, { name: "report.pdf", bytes: pdf, sha256: sha256(pdf) });
  const sums = utf8(files.map((f) => `${f.sha256}  ${f.name}\n`).join(""));
  return [...files, { name: "SHA256SUMS", bytes: sums, sha256: sha256(sums) }];
}

/** The files in one zip, under a folder, dated when the run finished. */
export function evidenceArchive(files: TEvidenceFile[], folder: string, finishedAt: string): Uint8Array {
  const mtime = new Date(finishedAt);
  return zipSync(Object.fromEntries(files.map((f) => [`${folder}/${f.name}`, [new Uint8Array(f.bytes), { mtime, level: f.name.endsWith(".pdf") ? 0 : 6 }]])));
}
