import type { TRule } from "../rules/json-logic";
import type { TTestCase } from "./schema";

export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogueError";
  }
}

const PLACEHOLDER = /\{([A-Za-z][\w.-]*)\}/g;

/**
 * A catalogue text split once into its literal parts and the placeholder paths between them,
 * each path already split into keys: a full testbook fills tens of thousands of texts, which
 * is then a few property reads and concatenations each.
 */
export type TText = {
  paths: string[];
  keys: string[][];
  /** The literal parts with, between them, the values of the text's last fill (a build runs to its end before another fills a text). */
  pieces: string[];
  /**
   * The text of the last fill, until a value changes: consecutive instances often give a text
   * the same values (the context's, or the same rights on objects of one group).
   */
  last: string | null;
  /**
   * Joined into one flat string rather than concatenated: a text with many placeholders (one
   * per object and client in the access-right tests) would otherwise be a long chain of pieces,
   * larger than the text and all for the garbage collector to trace and copy.
   */
  joined: boolean;
};

function compileText(text: string): TText {
  const pieces = text.split(PLACEHOLDER);
  const paths = pieces.filter((_, i) => i % 2 === 1);
  return { paths, keys: paths.map((p) => p.split(".")), pieces, last: null, joined: paths.length >= 4 };
}

/** The value at a placeholder's path, or of the element a step repeats over for a path starting with item. */
function valueAt(text: TText, i: number, scope: Record<string, unknown>, where: string, item: unknown): string {
  const path = text.keys[i]!;
  // The scope itself never holds an item, so an undefined element reads like an absent one.
  let value = path[0] === "item" && item !== undefined ? item : scope[path[0]!];
  for (let k = 1; k < path.length && value !== undefined; k++) {
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[path[k]!] : undefined;
  }
  if (value === undefined || (value !== null && typeof value === "object")) {
    throw new CatalogueError(`${where}: {${text.paths[i]}} does not name a value of the test context`);
  }
  return value === null ? "none" : String(value);
}

/**
 * Replaces {path} with the value at that path of the scope, or of the element a step repeats
 * over for {item.*}; a path that resolves to nothing is a catalogue error.
 */
export function fillText(text: TText, scope: Record<string, unknown>, where: string, item?: unknown): string {
  const { pieces } = text;
  if (pieces.length === 1) return pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) {
    const value = valueAt(text, (i - 1) / 2, scope, where, item);
    if (pieces[i] !== value) {
      pieces[i] = value;
      text.last = null;
    }
  }
  if (text.last === null) {
    let out = pieces[0]!;
    if (text.joined) out = pieces.join("");
    else for (let i = 1; i < pieces.length; i++) out += pieces[i]!;
    text.last = out;
  }
  return text.last;
}

/** The texts of a test case, compiled once per case object and reused for every profile and bound item. */
export type TCaseTexts = {
  title: TText;
  purpose: TText;
  /** Requirements naming {item.*} are written once per element of the case's first repeated step. */
  requirements: { text: TText; perItem: boolean }[];
  preconditions: TText[];
  steps: { action: TText; expected: TText; forEach: string | undefined; where: TRule | undefined }[];
  verdict: { pass: TText; fail: TText; inconclusive: TText };
};

// Keyed by the case object, so that another catalogue (or a changed copy of a case) compiles its own texts.
const compiled = new WeakMap<TTestCase, TCaseTexts>();

export function caseTexts(c: TTestCase): TCaseTexts {
  let texts = compiled.get(c);
  if (!texts) {
    texts = {
      title: compileText(c.title),
      purpose: compileText(c.purpose),
      requirements: c.references.requirements.map((r) => ({ text: compileText(r), perItem: r.includes("{item.") })),
      preconditions: c.preconditions.map(compileText),
      steps: c.steps.map((s) => ({ action: compileText(s.action), expected: compileText(s.expected), forEach: s.forEach, where: s.where })),
      verdict: { pass: compileText(c.verdict.pass), fail: compileText(c.verdict.fail), inconclusive: compileText(c.verdict.inconclusive) },
    };
    compiled.set(c, texts);
  }
  return texts;
}
