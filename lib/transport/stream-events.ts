/**
 * Listener bookkeeping shared by the byte-stream adapters: data that arrives before anyone listens
 * is kept for the first listener, and the close listeners run exactly once.
 */
export class StreamEvents {
  private readonly dataListeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((reason: string) => void)[] = [];
  private early: Uint8Array[] = [];
  private closedWith: string | undefined;

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  data(bytes: Uint8Array): void {
    if (this.dataListeners.length === 0) this.early.push(bytes);
    for (const l of this.dataListeners) l(bytes);
  }

  close(reason: string): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = reason;
    for (const l of this.closeListeners.splice(0)) l(reason);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListeners.push(listener);
    const early = this.early;
    this.early = [];
    for (const bytes of early) listener(bytes);
  }

  onClose(listener: (reason: string) => void): void {
    if (this.closedWith !== undefined) listener(this.closedWith);
    else this.closeListeners.push(listener);
  }
}
