import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { frameBoxes, rowBoxes, stackBoxes, type TBox, type TCell } from "@/lib/documents/boxes";
import { textWidth, wrapRuns, type TLine, type TRun } from "@/lib/documents/text-layout";

const SIZE = 7.5;
const lineText = (line: TLine) => line.map((r) => r.text).join("");
const lineEnd = (line: TLine) => (line.length === 0 ? 0 : line.at(-1)!.x + textWidth(line.at(-1)!.text, line.at(-1)!.font, SIZE));
const texts = (box: TBox) => box.draws.flatMap((d) => (d.kind === "text" ? [d.text] : []));

describe("textWidth", () => {
  test("adds up the characters' widths, wherever the text is cut; the monospaced font gives every character 0.6 em", () => {
    for (const text of ["AVA", "entries_in_use − 1 ≥ 0", "Łódź São João Ελληνικά", "1-0:32.32.0.255 → ±"]) {
      for (const font of ["Sans", "Sans-Bold", "Mono"] as const) {
        const halves = textWidth(text.slice(0, 5), font, 10) + textWidth(text.slice(5), font, 10);
        expect(textWidth(text, font, 10)).toBeCloseTo(halves, 9);
      }
      expect(textWidth(text, "Mono", 10)).toBeCloseTo([...text].length * 6.0205, 2);
    }
    expect(textWidth("Verify", "Sans-Bold", 10)).toBeGreaterThan(textWidth("Verify", "Sans", 10));
  });
});

describe("wrapRuns", () => {
  test("no line is wider than the width, and every character but spaces is kept in order", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9:._\-/()éü€ŁłąęΩλ−≤≥→]{1,60}$/);
    const runs = fc.array(fc.record({ text: fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(" ")), font: fc.constantFrom("Sans", "Sans-Bold", "Mono" as const) }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(runs, fc.integer({ min: 20, max: 500 }), (input: TRun[], width) => {
        const lines = wrapRuns(input, width, SIZE);
        for (const line of lines) expect(lineEnd(line)).toBeLessThanOrEqual(width + 1e-9);
        expect(lines.map(lineText).join("").replace(/ /g, "")).toBe(input.map((r) => r.text).join("").replace(/ /g, ""));
      }),
      { numRuns: 300 },
    );
  });

  test("breaks at spaces when the words fit, and keeps the fonts of bold labels", () => {
    const lines = wrapRuns(
      [
        { text: "Purpose: ", font: "Sans-Bold" },
        { text: "Verify that the meter refuses the association", font: "Sans" },
      ],
      120,
      SIZE,
    );
    expect(lines.map(lineText)).toEqual(["Purpose: Verify that the meter", "refuses the association"]);
    expect(lines[0]!.map((r) => r.font)).toEqual(["Sans-Bold", "Sans"]);
  });

  test("an id wider than the line breaks after its separators; a word without any is cut to fit", () => {
    expect(wrapRuns([{ text: "right:public:association-current", font: "Sans" }], 70, SIZE).map(lineText)).toEqual(["right:public:", "association-current"]);
    const cut = wrapRuns([{ text: "W".repeat(300), font: "Sans" }], 100, SIZE);
    expect(cut.length).toBeGreaterThan(10);
    expect(cut.map(lineText).join("")).toBe("W".repeat(300));
  });

  test("line feeds start new lines, blank lines stay, and an empty text gives no lines", () => {
    expect(wrapRuns([{ text: "a\n\nb", font: "Sans" }], 100, SIZE).map(lineText)).toEqual(["a", "", "b"]);
    expect(wrapRuns([{ text: "", font: "Sans" }], 100, SIZE)).toEqual([]);
  });

  test("characters the fonts cannot show come out as '?'; the minus sign and Greek stay", () => {
    expect(wrapRuns([{ text: "東京 ok", font: "Sans" }], 200, SIZE).map(lineText)).toEqual(["?? ok"]);
    expect(wrapRuns([{ text: "entries_in_use − 1, λ ≥ 0", font: "Sans" }], 200, SIZE).map(lineText)).toEqual(["entries_in_use − 1, λ ≥ 0"]);
  });
});

describe("boxes", () => {
  const style = { padX: 2, padY: 1, color: "#111111", rule: { width: 0.5, color: "#cccccc" } };
  const cell = (text: string, width: number, align?: "right"): TCell => ({ paragraph: { runs: [{ text, font: "Sans" }], size: SIZE, lineHeight: 1.2 }, width, ...(align ? { align } : {}) });

  test("a row is as tall as its tallest cell and as wide as its columns", () => {
    const [box] = rowBoxes([cell("short", 50), cell("a longer text that wraps over several lines of the column", 60)], style, 700);
    const lines = wrapRuns([{ text: "a longer text that wraps over several lines of the column", font: "Sans" }], 56, SIZE).length;
    expect(box!.width).toBe(110);
    expect(box!.height).toBeCloseTo(lines * SIZE * 1.2 + 2);
  });

  test("a row taller than the limit is cut into boxes that each fit, keeping every line", () => {
    const long = "X".repeat(5000);
    const boxes = rowBoxes([cell("1-0:1.8.0.255", 80), cell(long, 100)], style, 200);
    expect(boxes.length).toBeGreaterThan(1);
    for (const box of boxes) expect(box.height).toBeLessThanOrEqual(200);
    expect(boxes.flatMap(texts).filter((t) => t.startsWith("X")).join("")).toBe(long);
    expect(boxes.flatMap(texts)).toContain("1-0:1.8.0.255");
  });

  test("a right-aligned cell ends at the cell's right padding", () => {
    const [box] = rowBoxes([cell("label", 100), cell("1234", 50, "right")], style, 700);
    const number = box!.draws.find((d) => d.kind === "text" && d.text === "1234");
    expect(number && number.kind === "text" ? number.x + textWidth("1234", "Sans", SIZE) : 0).toBeCloseTo(150 - 2);
  });

  test("a frame holds its paragraphs in order and is cut when taller than the limit", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => ({ runs: [{ text: `Paragraph ${i}`, font: "Sans" as const }], size: 8.5, lineHeight: 2 }));
    const boxes = frameBoxes(paragraphs, 300, { pad: 4, color: "#111111", border: { width: 0.75, color: "#7a8ea3" } }, 300);
    expect(boxes.length).toBeGreaterThan(1);
    for (const box of boxes) expect(box.height).toBeLessThanOrEqual(300);
    expect(boxes.flatMap(texts)).toEqual(paragraphs.map((p) => p.runs[0]!.text));
  });

  test("rows are stacked into boxes no taller than the limit, in order, each row moved down by the rows above it", () => {
    const rows = Array.from({ length: 10 }, (_, i) => rowBoxes([cell(`row ${i}`, 100)], style, 700)[0]!);
    const stacks = stackBoxes(rows, 40);
    expect(stacks.length).toBeGreaterThan(1);
    expect(stacks.length).toBeLessThan(rows.length);
    for (const stack of stacks) expect(stack.height).toBeLessThanOrEqual(40);
    expect(stacks.flatMap(texts)).toEqual(rows.flatMap(texts));
    const first = stacks[0]!.draws.filter((d) => d.kind === "text");
    expect(first[1]!.kind === "text" && first[0]!.kind === "text" ? first[1]!.y - first[0]!.y : 0).toBeCloseTo(rows[0]!.height);
    expect(stackBoxes([rowBoxes([cell("X".repeat(500), 50)], style, 700)[0]!], 40)[0]!.height).toBeGreaterThan(40);
  });
});
