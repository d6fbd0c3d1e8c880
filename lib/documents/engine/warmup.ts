import type { TBlock, TPart } from "../model";

/**
 * A small part with every kind of block, rendered once when a worker starts: V8 compiles
 * react-pdf's hot paths on it, so the first real document does not run them in the slow,
 * unoptimised tiers (measured: the first render of a document takes about 1.6 times as long as
 * the next one without it).
 */
const row = (i: number) => [`1-0:${i}.8.0.255`, `Object number ${i} with a name`, `3 Register\nversion 0`, "mandatory", `Public: 1:R 2:R 3:R\nReading: 1:R 2:R 3:R; methods 1:-\nManagement: 1:R 2:RW 3:R; methods 1:X`];

const blocks: TBlock[] = [
  { kind: "heading", id: "w1", level: 1, number: "1", text: "Warm-up", toc: true },
  { kind: "paragraph", spans: [{ text: "A paragraph of ordinary text that wraps over more than one line, with a " }, { text: "bold", bold: true }, { text: " word and an id right:management:association-current." }] },
  { kind: "fields", rows: [["Client SAP", "1"], ["Authentication", "hls, mechanism id 5: High level security with GMAC"]] },
  { kind: "list", items: ["first item of a list", "second item of a list"] },
  {
    kind: "table",
    columns: [
      { title: "OBIS", width: 0.14 },
      { title: "Object", width: 0.22 },
      { title: "Class", width: 0.13 },
      { title: "Reason", width: 0.11 },
      { title: "Rights", width: 0.4 },
    ],
    rows: Array.from({ length: 60 }, (_, i) => row(i)),
  },
  {
    kind: "heading",
    id: "w2",
    level: 2,
    number: "T-1",
    text: "A test",
    toc: false,
    body: [{ text: "Purpose: ", bold: true }, { text: "Verify the warm-up." }],
  },
  {
    kind: "steps",
    rows: Array.from({ length: 40 }, (_, i) => ({ number: i + 1, action: `GET attribute ${i} of the object 1-0:${i}.8.0.255 with selective access by entry.`, expected: "The value is returned with data-access-result success." })),
  },
  { kind: "form", criteria: [["PASS when", "every step passes"]], choices: ["PASS", "FAIL", "INCONCLUSIVE"], lines: ["Tester", "Date", "Remarks"] },
];

export const WARMUP_PART: TPart = { id: "warmup", runningTitle: "", orientation: "portrait", blocks };
