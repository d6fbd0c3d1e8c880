import { hex } from "@/lib/dlms/bytes";

/**
 * What a fuzz run found, kept so that one failure does not hide the next and each can be replayed:
 * the seed, the part and case, the input, and every input since the state was last fresh (a new
 * session or link), which is what it takes to reproduce a failure of a stateful parser.
 */
export interface TFuzzFailure {
  part: string;
  caseIndex: number;
  problem: string;
  input: string;
  /** Inputs since the fresh state, oldest first, the failing one last (hex). */
  history: string[];
  stack?: string;
}

const KEPT = 20;
/** Failures printed with their whole history; the rest with their input only (the seed replays all). */
const WITH_HISTORY = 3;

export class FuzzFailures {
  readonly list: TFuzzFailure[] = [];
  /** Failures beyond the ones kept in full. */
  dropped = 0;

  constructor(readonly seed: number) {}

  add(part: string, caseIndex: number, problem: string, input: Uint8Array, history: readonly Uint8Array[], error?: unknown): void {
    if (this.list.length >= KEPT) {
      this.dropped++;
      return;
    }
    const stack = error instanceof Error ? error.stack : undefined;
    this.list.push({ part, caseIndex, problem, input: hex(input), history: history.map(hex), ...(stack ? { stack } : {}) });
  }

  /** The failures as a message, the seed first: what a failing test prints. */
  report(): string {
    if (this.list.length === 0) return `no failures (FUZZ_SEED=${this.seed})`;
    const lines = [`${this.list.length + this.dropped} fuzz failures; rerun with FUZZ_SEED=${this.seed}`];
    for (const [i, f] of this.list.entries()) {
      lines.push(`- ${f.part}, case ${f.caseIndex}: ${f.problem}`, `  input ${f.input}`);
      if (i < WITH_HISTORY && f.history.length > 1) lines.push(`  after ${f.history.length - 1} inputs since the fresh state: ${f.history.slice(0, -1).join(" ")}`);
      if (f.stack) lines.push(`  ${f.stack.split("\n").slice(0, 8).join("\n  ")}`);
    }
    return lines.join("\n");
  }
}
