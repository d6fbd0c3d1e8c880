import type { TTestInstance } from "../testbook/testbook-schema";
import type { TClientId } from "../vocabulary";
import type { TCheck, TCheckVerdict } from "./check";
import type { TRunEnvironment } from "./environment";

/**
 * The checks of one testbook test as its procedure records them. Evidence defaults to the traffic
 * since the previous check of the test; a check built on an earlier read names that read's range.
 */
export interface TCheckOptions {
  step?: number;
  client?: TClientId;
  evidence?: [number, number];
  requirements?: string[];
}

/** Thrown after a check when the run was cancelled: the run stops there and keeps what it has. */
export class RunCancelled extends Error {
  constructor() {
    super("the run was cancelled");
  }
}

export class TestRun {
  readonly checks: TCheck[] = [];
  private mark: number;
  private lastAt: number;

  constructor(
    readonly env: TRunEnvironment,
    readonly test: TTestInstance,
  ) {
    this.mark = env.traffic.length;
    this.lastAt = env.now();
  }

  record(verdict: TCheckVerdict, title: string, message: string, options: TCheckOptions = {}): TCheck {
    const check = this.push(verdict, title, message, options);
    if (this.env.signal.aborted) throw new RunCancelled();
    return check;
  }

  /** Records a check without stopping a cancelled run: for what the runner reports after the test. */
  push(verdict: TCheckVerdict, title: string, message: string, options: TCheckOptions = {}): TCheck {
    const now = this.env.now();
    const evidence = options.evidence ?? [this.mark, this.env.traffic.length];
    const check: TCheck = {
      id: `${this.test.id}#${this.checks.length + 1}`,
      testId: this.test.id,
      ...(options.step !== undefined ? { step: options.step } : {}),
      title,
      verdict,
      message,
      ...(options.client ? { client: options.client } : {}),
      requirements: options.requirements ?? this.test.requirements,
      evidence,
      startedAt: this.lastAt,
      durationMs: now - this.lastAt,
    };
    this.checks.push(check);
    this.mark = this.env.traffic.length;
    this.lastAt = now;
    this.env.onCheck?.(check);
    return check;
  }

  private readonly cleanups: Array<() => Promise<unknown>> = [];

  /** Something that puts the meter back as it was: run when the test ends, even when it fails, stops or is cancelled. */
  onCleanup(undo: () => Promise<unknown>): void {
    this.cleanups.push(undo);
  }

  /** Runs the cleanups, last registered first; a failing one does not stop the others. */
  async cleanUp(): Promise<string[]> {
    const problems: string[] = [];
    for (const undo of this.cleanups.splice(0).reverse()) {
      try {
        await undo();
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    return problems;
  }

  pass = (title: string, message: string, options?: TCheckOptions) => this.record("PASS", title, message, options);
  fail = (title: string, message: string, options?: TCheckOptions) => this.record("FAIL", title, message, options);
  inconclusive = (title: string, message: string, options?: TCheckOptions) => this.record("INCONCLUSIVE", title, message, options);
  notRun = (title: string, message: string, options?: TCheckOptions) => this.record("NOT-RUN", title, message, options);

  /** PASS when the condition holds, FAIL otherwise, with the message for each. */
  expect(condition: boolean, title: string, passMessage: string, failMessage: string, options?: TCheckOptions): boolean {
    this.record(condition ? "PASS" : "FAIL", title, condition ? passMessage : failMessage, options);
    return condition;
  }
}
