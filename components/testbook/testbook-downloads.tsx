import { PdfLink } from "../profile/pdf-link";

/** The testbook in every format a laboratory's tools read, and the results template. */
export function TestbookDownloads({ api, number }: { api: string; number: number }) {
  return (
    <p className="actions">
      <PdfLink className="button" href={`${api}/testbook.pdf`} label="Testbook document (PDF)" fileName={`prime-plus-testbook-v${number}.pdf`} />
      <a className="button secondary" href={`${api}/testbook.json`} download>testbook.json</a>
      <a className="button secondary" href={`${api}/testbook.csv`} download>testbook.csv</a>
      <a className="button secondary" href={`${api}/testlink.xml`} download>TestLink XML</a>
      <a className="button secondary" href={`${api}/xray.csv`} download>Xray CSV</a>
      <a className="button secondary" href={`${api}/results-template.json`} download>Results template</a>
    </p>
  );
}
