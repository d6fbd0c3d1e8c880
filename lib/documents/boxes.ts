import { baselineOffset, textWidth, wrapRuns, type TFontName, type TLine, type TRun } from "./text-layout";

/**
 * Boxes of fixed size with everything they draw laid out in advance: a table row, a test's step,
 * the verdict form. engine/pdf-blocks.tsx paints each box on a react-pdf Canvas, so react-pdf only
 * places rectangles on pages (never splitting one), and the text inside is set by text-layout.ts.
 * Plain data, so the layout is tested without rendering.
 */

export type TDraw =
  /** `y` is the baseline. */
  | { kind: "text"; text: string; font: TFontName; size: number; x: number; y: number; color: string }
  | { kind: "rule"; x1: number; y1: number; x2: number; y2: number; width: number; color: string }
  | { kind: "rect"; x: number; y: number; width: number; height: number; fill?: string; stroke?: string; lineWidth?: number };

export type TBox = { width: number; height: number; draws: TDraw[] };

/** Text of one size in a box; `lineHeight` is a factor of the size; `color` overrides the box's. */
export type TParagraph = { runs: TRun[]; size: number; lineHeight: number; color?: string };

export type TCell = { paragraph: TParagraph; width: number; align?: "left" | "right" };

export type TRowStyle = {
  padX: number;
  padY: number;
  color: string;
  background?: string;
  /** The line under the row, if any. */
  rule?: { width: number; color: string };
};

export type TFrameStyle = { pad: number; color: string; background?: string; border?: { width: number; color: string } };

type TLaidParagraph = { lines: TLine[]; size: number; step: number; align: "left" | "right"; width: number; color?: string };

const laid = (p: TParagraph, width: number, align: "left" | "right" = "left"): TLaidParagraph => ({
  lines: wrapRuns(p.runs, width, p.size),
  size: p.size,
  step: p.size * p.lineHeight,
  align,
  width,
  color: p.color,
});

const lineWidth = (line: TLine, size: number) => {
  const last = line.at(-1);
  return last ? last.x + textWidth(last.text, last.font, size) : 0;
};

function drawLines(draws: TDraw[], p: TLaidParagraph, lines: TLine[], x: number, top: number, color: string) {
  lines.forEach((line, i) => {
    const offset = p.align === "right" ? p.width - lineWidth(line, p.size) : 0;
    for (const run of line) {
      draws.push({ kind: "text", text: run.text, font: run.font, size: p.size, x: x + offset + run.x, y: top + i * p.step + baselineOffset(run.font, p.size, p.step), color: p.color ?? color });
    }
  });
}

/**
 * A table row: cells side by side, as tall as the tallest, with a rule below. A row taller than
 * `maxHeight` (a hostile 3,000-character name in a narrow column) is cut into several boxes of
 * whole lines, so that every box fits on a page.
 */
export function rowBoxes(cells: TCell[], style: TRowStyle, maxHeight: number): TBox[] {
  const width = cells.reduce((n, c) => n + c.width, 0);
  const paragraphs = cells.map((c) => laid(c.paragraph, c.width - 2 * style.padX, c.align));
  const step = Math.max(...paragraphs.map((p) => p.step));
  const lines = Math.max(1, ...paragraphs.map((p) => p.lines.length));
  const perBox = Math.max(1, Math.floor((maxHeight - 2 * style.padY) / step));
  const boxes: TBox[] = [];
  for (let first = 0; first < lines; first += perBox) {
    const count = Math.min(perBox, lines - first);
    const height = count * step + 2 * style.padY;
    const draws: TDraw[] = [];
    if (style.background) draws.push({ kind: "rect", x: 0, y: 0, width, height, fill: style.background });
    let x = 0;
    paragraphs.forEach((p, i) => {
      drawLines(draws, p, p.lines.slice(first, first + count), x + style.padX, style.padY, style.color);
      x += cells[i]!.width;
    });
    if (style.rule) draws.push({ kind: "rule", x1: 0, y1: height, x2: width, y2: height, width: style.rule.width, color: style.rule.color });
    boxes.push({ width, height, draws });
  }
  return boxes;
}

/**
 * Paragraphs stacked in a frame (background, border), cut into several frames when taller than
 * `maxHeight`.
 */
export function frameBoxes(paragraphs: TParagraph[], width: number, style: TFrameStyle, maxHeight: number): TBox[] {
  const inner = width - 2 * style.pad;
  type TPlaced = { p: TLaidParagraph; line: TLine };
  const placed: TPlaced[] = [];
  for (const paragraph of paragraphs) {
    const p = laid(paragraph, inner);
    for (const line of p.lines) placed.push({ p, line });
  }
  const boxes: TBox[] = [];
  let current: TPlaced[] = [];
  let used = 0;
  const close = () => {
    const height = used + 2 * style.pad;
    const draws: TDraw[] = [];
    if (style.background || style.border) {
      draws.push({ kind: "rect", x: 0, y: 0, width, height, fill: style.background, stroke: style.border?.color, lineWidth: style.border?.width });
    }
    let y = style.pad;
    for (const item of current) {
      drawLines(draws, item.p, [item.line], style.pad, y, style.color);
      y += item.p.step;
    }
    boxes.push({ width, height, draws });
    current = [];
    used = 0;
  };
  for (const item of placed) {
    if (current.length > 0 && used + item.p.step + 2 * style.pad > maxHeight) close();
    current.push(item);
    used += item.p.step;
  }
  if (current.length > 0 || boxes.length === 0) close();
  return boxes;
}

/**
 * Consecutive boxes stacked into fewer, up to `maxHeight` tall (a box taller stays alone): each
 * box is a react-pdf node, and nodes, not drawings, are what react-pdf spends its time on. A page
 * may then end up to one stack early, so stacks are kept short.
 */
export function stackBoxes(boxes: TBox[], maxHeight: number): TBox[] {
  const out: TBox[] = [];
  let current: TBox | null = null;
  for (const box of boxes) {
    if (current && current.width === box.width && current.height + box.height <= maxHeight) {
      const dy = current.height;
      for (const d of box.draws) current.draws.push(shifted(d, dy));
      current.height += box.height;
    } else {
      current = { width: box.width, height: box.height, draws: [...box.draws] };
      out.push(current);
    }
  }
  return out;
}

function shifted(d: TDraw, dy: number): TDraw {
  switch (d.kind) {
    case "text":
      return { ...d, y: d.y + dy };
    case "rule":
      return { ...d, y1: d.y1 + dy, y2: d.y2 + dy };
    case "rect":
      return { ...d, y: d.y + dy };
  }
}
