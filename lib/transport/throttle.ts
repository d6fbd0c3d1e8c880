/**
 * Slows writes down to what a real link carries: 10 bits per byte (start, 8 data, stop) at `baud`
 * bits/s, plus `latencyMs` before each answer (a PLC or radio hop). Writes keep their order.
 */

export interface TThrottle {
  baud?: number;
  latencyMs?: number;
}

export function transmissionMs(bytes: number, throttle: TThrottle): number {
  const line = throttle.baud !== undefined && throttle.baud > 0 ? (bytes * 10 * 1000) / throttle.baud : 0;
  return (throttle.latencyMs ?? 0) + line;
}

/** Runs `write` for each answer after its transmission time, one answer after the other. */
export class ThrottledWriter {
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly write: (bytes: Uint8Array) => void,
    private readonly throttle: TThrottle | undefined,
  ) {}

  /** One answer (all frames of one turn), written as a whole. */
  send(bytes: Uint8Array): void {
    if (this.stopped || bytes.length === 0) return;
    const throttle = this.throttle;
    if (throttle === undefined) {
      this.write(bytes);
      return;
    }
    const ms = transmissionMs(bytes.length, throttle);
    this.chain = this.chain.then(
      () =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            if (!this.stopped) this.write(bytes);
            resolve();
          }, ms);
        }),
    );
  }

  stop(): void {
    this.stopped = true;
  }
}
