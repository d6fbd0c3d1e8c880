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
