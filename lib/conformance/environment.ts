import type { TCaptureResult } from "../p1/capture";
import type { TUserProfile } from "../profile/schema";
import type { TSecrets } from "../secrets/schema";
import type { TTestbook } from "../testbook/testbook-schema";
import type { TCheck } from "./check";
import type { Readings } from "./readings";
import type { Sessions } from "./sessions";
import type { TrafficLog } from "./traffic";

/** A yes/no question to the operator for an assisted test; null when nobody answers (the check is NOT-RUN). */
export type TOperator = (question: string) => Promise<boolean | null>;

/** The meter's P1 customer port, when the run was given one: a capture of some seconds of its output. */
export interface TP1Source {
  description: string;
  capture(seconds: number): Promise<TCaptureResult>;
}

/** Everything a procedure can use: the profile and its testbook, the meter through its sessions, the run's log. */
export interface TRunEnvironment {
  profile: TUserProfile;
  testbook: TTestbook;
  secrets: TSecrets;
  sessions: Sessions;
  readings: Readings;
  traffic: TrafficLog;
  framing: "wrapper" | "hdlc";
  operator?: TOperator;
  p1?: TP1Source;
  now(): number;
  /** When the run started (ms since the epoch): what the meter recorded before it was not disturbed by the run. */
  startedAt: number;
  signal: AbortSignal;
  onCheck?: (check: TCheck) => void;
}
