import { d } from "@/lib/dlms/axdr/data";
import { concat } from "@/lib/dlms/bytes";
import type { TApduChannel } from "@/lib/dlms/channel";
import { connect, type Association } from "@/lib/dlms/client";
import { scanWrapperFrames, WRAPPER_MAX_APDU } from "@/lib/dlms/wrapper/frame";
import { tcpStreams, type TByteStream, type TStreamFactory } from "@/lib/transport/byte-stream";
import { createHdlcChannel } from "@/lib/transport/hdlc-channel";
import { createWrapperChannel } from "@/lib/transport/wrapper-channel";
import type { TClientId } from "@/lib/vocabulary";
import { meterCredentials, type TFuzzSimulator, type TFuzzMeter } from "./meter";
import { FUZZ_LINK, sessionChannel } from "./session-channel";

/**
 * The seeds of the mutations: what our client really sends the simulator in an association over
 * loopback TCP, byte for byte as written to the socket. Each association associates (with HLS
 * pass 3 where the client has it) accepting only short APDUs, so that long answers come in blocks;
 * reads the clock, the object list, a profile buffer with selective access and a list of
 * attributes; writes an attribute, and a long value in blocks; invokes a method; and releases.
 */
export interface TCapture {
  label: string;
  framing: "wrapper" | "hdlc";
  clientSap: number;
  /** Each socket write of the client: one frame (wrapper frame, or HDLC frame) each. */
  writes: Uint8Array[];
  /** The APDUs inside the wrapper frames (empty for HDLC captures). */
  apdus: Uint8Array[];
}

/** A stream factory whose streams keep a copy of every write. */
function recording(inner: TStreamFactory, writes: Uint8Array[]): TStreamFactory {
  return {
    target: inner.target,
    async open(timeoutMs) {
      const opened = await inner.open(timeoutMs);
      if (!opened.ok) return opened;
      const s = opened.value;
      const stream: TByteStream = {
        get remote() {
          return s.remote;
        },
        get closed() {
          return s.closed;
        },
        write(bytes) {
          writes.push(bytes.slice());
          s.write(bytes);
        },
        onData: (listener) => s.onData(listener),
        onClose: (listener) => s.onClose(listener),
        close: () => s.close(),
      };
      return { ok: true, value: stream };
    },
  };
}

/** Small enough that the object list and the profile buffer come in blocks. */
const CAPTURE_MAX_PDU = 256;
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255" };

async function script(a: Association): Promise<void> {
  // Refusals are fine (not every client may read or write all of these): the requests are the seeds.
  await a.get({ ...CLOCK, attribute: 2 });
  const zone = await a.get({ ...CLOCK, attribute: 3 });
  await a.objectList();
  await a.getResult({ classId: 7, obis: "0-0:99.98.0.255", attribute: 2 }, { selector: 2, parameters: d.struct(d.u32(1), d.u32(5), d.u16(1), d.u16(0)) });
  await a.getWithList([{ attribute: { ...CLOCK, attribute: 2 } }, { attribute: { ...CLOCK, attribute: 3 } }, { attribute: { classId: 1, obis: "0-0:42.0.0.255", attribute: 2 } }]);
  await a.setResult({ ...CLOCK, attribute: 3 }, zone.ok ? zone.value : d.i16(0));
  await a.setResult({ classId: 1, obis: "0-0:42.0.0.255", attribute: 2 }, d.octets(new Uint8Array(1500).fill(0x41)));
  await a.actionResult({ ...CLOCK, method: 1 }, d.i8(0));
  const released = await a.release();
  if (!released.ok) throw new Error(`capture: the release failed: ${released.error.message}`);
}

/** A channel that keeps a copy of every APDU the client sends through it. */
function recordingChannel(inner: TApduChannel, apdus: Uint8Array[]): TApduChannel {
  return {
    description: inner.description,
    stats: inner.stats,
    get isOpen() {
      return inner.isOpen;
    },
    open: (timeoutMs) => inner.open(timeoutMs),
    exchange: (apdu, timeoutMs) => {
      apdus.push(apdu.slice());
      return inner.exchange(apdu, timeoutMs);
    },
    send: (apdu) => {
      apdus.push(apdu.slice());
      return inner.send(apdu);
    },
    onUnsolicited: (listener) => inner.onUnsolicited(listener),
    close: () => inner.close(),
  };
}

/** The same association straight into a session of an in-process simulator: its APDUs only, no frames. */
export async function captureInProcess(meter: TFuzzSimulator, client: TClientId): Promise<Uint8Array[]> {
  const credentials = meterCredentials(meter.profile, meter.secrets, meter.sim, client);
  const address = { clientSap: credentials.clientSap, logicalDevice: 1 };
  const session = meter.sim.simulator.session(FUZZ_LINK);
  session.accept(address);
  const apdus: Uint8Array[] = [];
  const connected = await connect({ channel: recordingChannel(sessionChannel(session, address), apdus), credentials, timeoutMs: 1000, maxReceivePdu: CAPTURE_MAX_PDU });
  if (!connected.ok) throw new Error(`capture: ${client} does not associate in process: ${connected.error.message}`);
  await script(connected.value);
  session.closed("capture done");
  return apdus;
}

export async function captureAssociation(meter: TFuzzMeter, client: TClientId, framing: "wrapper" | "hdlc"): Promise<TCapture> {
  const credentials = meter.credentials(client);
  const writes: Uint8Array[] = [];
  const port = framing === "wrapper" ? meter.wrapperPort : meter.hdlcPort;
  const streams = recording(tcpStreams("127.0.0.1", port), writes);
  const channel =
    framing === "wrapper"
      ? createWrapperChannel({ streams, clientSap: credentials.clientSap, logicalDevice: 1 })
      : createHdlcChannel({ streams, clientSap: credentials.clientSap, server: { upper: 1 } });
  const connected = await connect({ channel, credentials, timeoutMs: 5000, maxReceivePdu: CAPTURE_MAX_PDU });
  if (!connected.ok) throw new Error(`capture: ${meter.name} ${client} does not associate over ${framing}: ${connected.error.message}`);
  await script(connected.value);
  const apdus = framing === "wrapper" ? scanWrapperFrames(concat(...writes), { maxApduSize: WRAPPER_MAX_APDU }).frames.map((f) => f.apdu) : [];
  return { label: `${meter.name} ${client} over ${framing}`, framing, clientSap: credentials.clientSap, writes, apdus };
}
