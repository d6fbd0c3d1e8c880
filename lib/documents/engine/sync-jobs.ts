import { writeFile } from "node:fs/promises";
import type { TUserProfile } from "../../profile/schema";
import type { TTestbook } from "../../testbook/testbook-schema";
import { renderProfilePdf, renderTestbookPdf, type TProfilePdfOptions, type TTestbookPdfOptions } from "../render";

export type TSyncJob =
  | { kind: "profile"; input: TUserProfile; options: TProfilePdfOptions; file: string }
  | { kind: "testbook"; input: TTestbook; options: TTestbookPdfOptions; file: string };
export type TSyncResult = { file: string; bytes: number; milliseconds: number };

/** Renders each document (the pool runs their parts in parallel) and writes it to its file. */
export async function renderJobsToFiles(jobs: TSyncJob[]): Promise<TSyncResult[]> {
  return Promise.all(
    jobs.map(async (job) => {
      const start = performance.now();
      const pdf = job.kind === "profile" ? await renderProfilePdf(job.input, job.options) : await renderTestbookPdf(job.input, job.options);
      await writeFile(job.file, pdf);
      return { file: job.file, bytes: pdf.length, milliseconds: Math.round(performance.now() - start) };
    }),
  );
}
