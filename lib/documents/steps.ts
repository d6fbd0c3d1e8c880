import type { TSteps } from "./model";

type TStep = { number: number; action: string; expected: string };

/** A run must be this long before a shared template pays for its own header. */
const MIN_RUN = 3;

function commonPrefix(texts: string[]): string {
  let prefix = texts[0]!;
  for (const t of texts) {
    let i = 0;
    while (i < prefix.length && i < t.length && prefix[i] === t[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

function commonSuffix(texts: string[]): string {
  const reversed = (s: string) => [...s].reverse().join("");
  return reversed(commonPrefix(texts.map(reversed)));
}

/**
 * The shared beginning and end of the actions of a run, cut at word boundaries so that no row
 * starts or ends inside a word, and short enough to leave every row something of its own.
 */
function sharedTemplate(actions: string[]): { before: string; after: string } {
  const shortest = Math.min(...actions.map((a) => a.length));
  let before = commonPrefix(actions);
  before = before.slice(0, before.lastIndexOf(" ") + 1);
  let after = commonSuffix(actions.map((a) => a.slice(before.length)));
  // The suffix starts at a space, so that no row ends inside a word or an OBIS code.
  const cut = after.search(/\s/);
  after = cut < 0 ? "" : after.slice(cut);
  if (before.length + after.length >= shortest) return { before: "", after: "" };
  return { before, after };
}

/**
 * The steps of a test as step blocks. A run of steps that expect the same result (the access
 * tests generate one step per object from one template) prints that expected result once, and
 * the part of the action that all its steps share once, so each row carries only what changes.
 * Nothing is lost: each row's action is `before` + row + `after`.
 */
export function stepBlocks(steps: TStep[]): TSteps[] {
  const blocks: TSteps[] = [];
  let plain: TStep[] = [];
  const flush = () => {
    if (plain.length > 0) blocks.push({ kind: "steps", rows: plain });
    plain = [];
  };
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1]!.expected === steps[i]!.expected) j++;
    const run = steps.slice(i, j + 1);
    if (run.length >= MIN_RUN) {
      flush();
      const { before, after } = sharedTemplate(run.map((s) => s.action));
      blocks.push({
        kind: "steps",
        template: { before, after, expected: run[0]!.expected, first: run[0]!.number, last: run.at(-1)!.number },
        rows: run.map((s) => ({ number: s.number, action: s.action.slice(before.length, s.action.length - after.length), expected: s.expected })),
      });
    } else {
      plain.push(...run);
    }
    i = j + 1;
  }
  flush();
  return blocks;
}

/**
 * `["client:a", "right:a:x", "right:a:y", "object:x", "object:y"]` → `client: a; right:a:, object: x, y`:
 * ids grouped by prefix, in first-seen order, and prefixes listing the same items share one list
 * (an access test names each object twice, as a right and as an object).
 */
export function compactIds(ids: string[]): string {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const cut = id.lastIndexOf(":");
    const prefix = cut < 0 ? "" : id.slice(0, cut + 1);
    const rest = cut < 0 ? id : id.slice(cut + 1);
    const group = groups.get(prefix);
    if (group) group.push(rest);
    else groups.set(prefix, [rest]);
  }
  // Ids without a prefix never share a list with prefixed ones: their list is keyed apart.
  const byList = new Map<string, { list: string; prefixes: string[] }>();
  for (const [prefix, items] of groups) {
    const list = items.join(", ");
    const key = prefix === "" ? `\n${list}` : list;
    const entry = byList.get(key);
    if (entry) entry.prefixes.push(prefix);
    else byList.set(key, { list, prefixes: [prefix] });
  }
  return [...byList.values()].map(({ list, prefixes }) => (prefixes[0] === "" ? list : `${prefixes.join(", ")} ${list}`)).join("; ");
}
