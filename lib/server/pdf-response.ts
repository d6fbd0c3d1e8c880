import "server-only";

/** A PDF streamed to the browser in chunks, shown inline with a file name for saving. */
export function pdfResponse(pdf: Buffer, fileName: string): Response {
  const chunk = 256 * 1024;
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= pdf.length) return controller.close();
      controller.enqueue(new Uint8Array(pdf.buffer, pdf.byteOffset + offset, Math.min(chunk, pdf.length - offset)));
      offset += chunk;
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/pdf",
      "content-length": String(pdf.length),
      "content-disposition": `inline; filename="${fileName}"`,
      // A revoked link must stop showing the document at once: no copy kept by the browser.
      "cache-control": "no-store",
    },
  });
}
