import { appendFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { numberOf, type TData } from "../dlms/axdr/data";
import { fromHex } from "../dlms/bytes";
import { unitByCode } from "../dlms/cosem/units";
import { formatObis } from "../dlms/obis";
import { emitP1Frame, emitP1Telegram, type TP1ValueSource } from "../p1/emit";
import { p1Layout, type TP1Layout } from "../p1/layout";
import { latin1Bytes } from "../p1/bytes";
import { p1ValueOf } from "../p1/represent";
import type { TSecrets } from "../secrets/schema";
import type { Simulator } from "./simulator";

/**
 * The simulated meter's P1 customer port: a telegram every 10 s from the current values of the
 * readout list's capture objects, plain or as an AES-128-GCM frame when the profile secures the
 * port (Luxembourg P1 specification 2.2 and 2.6). The frame counter is the P1 frame counter
 * object's value, increased per frame.
 */
export const P1_INTERVAL_MS = 10_000;
const P1_FRAME_COUNTER = "0-0:43.1.7.255";

export interface TP1Output {
  layout: TP1Layout;
  /** The next telegram or frame, as the port sends it. */
  next(): Uint8Array;
}

/** The scaler and unit a register carries in attribute 3, for readout rows the profile gives none. */
function scalerUnitOf(sim: Simulator, obis: string): { scaler: number; unit: string } | undefined {
  const su = sim.meter.readValue(obis, 3);
  if (su?.type !== "structure" || su.items.length !== 2) return undefined;
  const scaler = numberOf(su.items[0]!);
  const unit = unitByCode(numberOf(su.items[1]!) ?? -1)?.symbol;
  return scaler === null || unit === undefined ? undefined : { scaler, unit };
}

export function p1Output(sim: Simulator, secrets: TSecrets): TP1Output | null {
  const layout = p1Layout(sim.profile);
  if (!layout) return null;
  const source: TP1ValueSource = (ref) => {
    const data: TData | undefined = sim.meter.readValue(ref.obis, ref.attribute);
    const value = data ? p1ValueOf(data) : undefined;
    if (!value) return undefined;
    const classId = sim.meter.objects.get(ref.obis)?.classId;
    if (ref.scalerUnit === null && (classId === 3 || classId === 4) && ref.attribute === 2) {
      const su = scalerUnitOf(sim, ref.obis);
      return su ? { value, ...su } : value;
    }
    // A limiter's thresholds are in the scaler and unit of the value it monitors (Blue Book, class 71).
    if (ref.scalerUnit === null && classId === 71 && ref.attribute >= 3 && ref.attribute <= 5) {
      const monitored = sim.meter.readValue(ref.obis, 2);
      const obis = monitored?.type === "structure" && monitored.items[1]?.type === "octet-string" ? formatObis(monitored.items[1].value) : undefined;
      const su = obis ? scalerUnitOf(sim, obis) : undefined;
      return su ? { value, ...su } : value;
    }
    return value;
  };
  const header = `/${sim.valueContext.meter.flagId}5\\2PRIME+ simulator`;
  const keys = secrets.p1;
  const reported = new Set<string>();
  return {
    layout,
    next() {
      sim.meter.advance();
      const { telegram, errors } = emitP1Telegram(layout, source, { header });
      // A line the meter cannot write is left out; say why once, for whoever watches the simulator.
      for (const e of new Set(errors.filter((x) => !reported.has(x)))) {
        reported.add(e);
        sim.log(`P1: line left out: ${e}`);
      }
      if (!layout.encrypted || !keys) return latin1Bytes(telegram);
      const counterObject = sim.meter.objects.get(P1_FRAME_COUNTER);
      const counter = numberOf(counterObject?.values.get(2) ?? { type: "double-long-unsigned", value: 0 }) ?? 0;
      counterObject?.values.set(2, { type: "double-long-unsigned", value: (counter + 1) >>> 0 });
      return emitP1Frame(telegram, { key: fromHex(keys.encryptionKey), authenticationKey: fromHex(keys.authenticationKey), systemTitle: sim.security.meter.systemTitle, frameCounter: counter });
    },
  };
}

export interface TRunningP1 {
  /** Where the telegrams go: the file, or tcp://host:port. */
  target: string;
  stop(): Promise<void>;
}

/**
 * Sends the port's output every interval to a file (appended, as a serial capture would be) or to
 * each client of a TCP port (a "P1 over TCP" adapter), starting at once, as the port answers a
 * request line. Two TCP clients each see every other frame counter: one port, two readers.
 */
export async function startP1(output: TP1Output, target: { file: string } | { port: number; host?: string }, intervalMs = P1_INTERVAL_MS): Promise<TRunningP1> {
  if ("file" in target) {
    const write = () => appendFileSync(target.file, output.next());
    write();
    const timer = setInterval(write, intervalMs);
    return { target: target.file, stop: async () => clearInterval(timer) };
  }
  // Each connection is a request line of its own: a telegram at once, then one every interval from then.
  const sockets = new Map<Socket, NodeJS.Timeout>();
  const end = (socket: Socket) => {
    clearInterval(sockets.get(socket));
    sockets.delete(socket);
  };
  const server = createServer((socket) => {
    socket.on("error", () => end(socket));
    socket.on("close", () => end(socket));
    socket.write(output.next());
    sockets.set(socket, setInterval(() => socket.write(output.next()), intervalMs));
  });
  const host = target.host ?? "127.0.0.1";
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(target.port, host, () => done());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : target.port;
  return {
    target: `tcp://${host}:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        for (const s of [...sockets.keys()]) {
          end(s);
          s.destroy();
        }
        server.close(() => done());
      }),
  };
}
