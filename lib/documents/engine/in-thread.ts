import { mergeParts } from "../merge";
import type { TUserProfile } from "../../profile/schema";
import type { TTestbook } from "../../testbook/testbook-schema";
import { renderProfilePdf, renderTestbookPdf, type TInThreadRenderer, type TProfilePdfOptions, type TTestbookPdfOptions } from "../render";
import { renderPartPdf } from "./pdf-blocks";

/**
 * The single-threaded fallback, for environments without worker threads (a Next.js route
 * handler, where the bundler compiles react-pdf in): the same parts and the same merge as the
 * worker pool, one after the other on the calling thread, so the same bytes, only slower on a
 * multi-core machine, and the thread is busy while it renders. The cache works as usual.
 */
export function inThreadRenderer(): TInThreadRenderer {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    renderPart: (part) => {
      const result = queue.then(() => renderPartPdf(part));
      queue = result.catch(() => undefined);
      return result;
    },
    mergeParts,
  };
}

export function renderProfilePdfInThread(profile: TUserProfile, options: Omit<TProfilePdfOptions, "inThread" | "pool"> = {}): Promise<Buffer> {
  return renderProfilePdf(profile, { ...options, inThread: inThreadRenderer() });
}

export function renderTestbookPdfInThread(testbook: TTestbook, options: Omit<TTestbookPdfOptions, "inThread" | "pool"> = {}): Promise<Buffer> {
  return renderTestbookPdf(testbook, { ...options, inThread: inThreadRenderer() });
}
