import { numberOf } from "../../dlms/axdr/data";
import { formatData } from "../../dlms/axdr/format";
import { dataAccessResultName } from "../../dlms/xdlms/results";
import { canRead, canWrite } from "../../vocabulary";
import { readerOf } from "./causes";
import { objectById, readData, readingText, ref, type TProcedure } from "./util";

/**
 * The HDLC link of the optical port (testbook COMM-HDLC-002, IEC 62056-46 parameter negotiation):
 * what SNRM/UA negotiated stays within the meter's IEC HDLC setup (class 23): its window sizes
 * (attributes 3, 4) and maximum information field lengths (5, 6) are the meter's own directions,
 * so the meter's transmit limits bound what the client receives. Frames of a long response carry
 * on average no more than the negotiated length. Only over HDLC: the channel says what it
 * negotiated; the runner's SNRM proposes what its channel proposes (the IEC 62056-46 defaults
 * unless the address says otherwise).
 */
/** Bytes of an HDLC frame besides its information field: flag, format (2), addresses (up to 1 + 4), control, HCS (2), FCS (2). */
const FRAME_OVERHEAD = 13;

export const hdlcParameters: TProcedure = async (env, run) => {
  if (env.framing !== "hdlc") {
    run.notRun(run.test.title, `this run reaches the meter over the ${env.framing === "wrapper" ? "TCP wrapper" : env.framing}; run it again with an HDLC address (serial:// or hdlc+tcp://) for this test`);
    return;
  }
  const setup = objectById(env, "iec-hdlc-setup");
  const client = setup ? (env.profile.clients.find((c) => c.id === "reading" && canRead(setup.attributes.find((a) => a.index === 3)?.access.reading)) ?? readerOf(env, setup, 3)) : undefined;
  if (!setup || !client) return;
  const readings = await env.readings.read(client.id, [2, 3, 4, 5, 6, 7, 8, 9].map((i) => ref(setup, i)), { fresh: true });
  const value = (i: number) => numberOf(readData(readings[i - 2]) ?? { type: "null-data" });
  const unread = readings.flatMap((r, k) => (readData(r) === undefined ? [`attribute ${k + 2} ${readingText(r)}`] : []));
  const ranges = [
    [3, 1, 7],
    [4, 1, 7],
    [5, 32, 2030],
    [6, 32, 2030],
  ] as const;
  const outside = ranges.flatMap(([i, low, high]) => (value(i) === null || value(i)! < low || value(i)! > high ? [`attribute ${i} is ${value(i)}, outside ${low} to ${high}`] : []));
  run.expect(unread.length === 0 && outside.length === 0, `${client.name}: ${setup.obis} attributes 2 to 9`, `window ${value(3)}/${value(4)} (transmit/receive), information field ${value(5)}/${value(6)} bytes`, [...unread, ...outside].join("; "), { client: client.id, step: 1 });
  const port = objectById(env, "iec-optical-port-setup");
  const portReader = port ? (env.profile.clients.find((c) => c.id === client.id && canRead(port.attributes.find((a) => a.index === 2)?.access[c.id])) ?? readerOf(env, port, 2)) : undefined;
  if (port && portReader) {
    const p = await env.readings.read(portReader.id, [2, 3, 4, 5, 6].map((i) => ref(port, i)), { fresh: true });
    const missing = p.flatMap((r, k) => (readData(r) === undefined ? [`attribute ${k + 2} ${readingText(r)}`] : []));
    run.expect(missing.length === 0, `${portReader.name}: ${port.obis} attributes 2 to 6`, p.map((r) => formatData(readData(r)!, 1)).join(", "), missing.join("; "), { client: portReader.id, step: 1 });
  }
  const fresh = await env.sessions.connect(client.id, {});
  if (!fresh.ok) {
    run.inconclusive(`${client.name}: a new HDLC connection`, `cannot associate: ${fresh.error.message}`, { client: client.id, step: 2 });
    return;
  }
  const a = fresh.value;
  try {
    const link = a.channel.linkInfo;
    if (!link || link.framing !== "hdlc" || link.maxInfoReceive === undefined || link.maxInfoTransmit === undefined || link.windowReceive === undefined || link.windowTransmit === undefined) {
      run.inconclusive(`${client.name}: negotiated HDLC parameters`, "the channel does not say what the SNRM/UA negotiated", { client: client.id, step: 2 });
      return;
    }
    const bounds = [
      ["information field the meter sends", link.maxInfoReceive, 5, "max_info_field_length_transmit"],
      ["information field the meter receives", link.maxInfoTransmit, 6, "max_info_field_length_receive"],
      ["window of the meter's sending", link.windowReceive, 3, "window_size_transmit"],
      ["window of the meter's receiving", link.windowTransmit, 4, "window_size_receive"],
    ] as const;
    const over = bounds.flatMap(([what, got, i, name]) => (value(i) !== null && got > value(i)! ? [`${what}: ${got} negotiated, ${name} (attribute ${i}) is ${value(i)}`] : []));
    run.expect(over.length === 0, `${client.name}: SNRM/UA parameters within ${setup.obis}`, `information field ${link.maxInfoReceive} bytes from the meter and ${link.maxInfoTransmit} to it, window ${link.windowReceive}/${link.windowTransmit}`, over.join("; "), { client: client.id, step: 2 });
    const before = { ...a.channel.stats };
    const list = await a.objectList();
    const frames = a.channel.stats.framesReceived - before.framesReceived;
    const bytes = a.channel.stats.bytesReceived - before.bytesReceived;
    const perFrame = frames > 0 ? bytes / frames - FRAME_OVERHEAD : 0;
    if (!list.ok) run.inconclusive(`${client.name}: object_list over HDLC`, `not read: ${list.error.message}`, { client: client.id, step: 3 });
    else run.expect(perFrame <= link.maxInfoReceive, `${client.name}: object_list over HDLC (${list.value.length} objects)`, `${frames} frames for ${bytes} bytes, consistent with information fields of at most the ${link.maxInfoReceive} bytes negotiated`, `${frames} frames carry ${bytes} bytes: even with the largest frame overhead their information fields average ${Math.ceil(perFrame)} bytes, above the ${link.maxInfoReceive} negotiated`, { client: client.id, step: 3 });
    const attribute = setup.attributes.find((x) => x.index === 5);
    if (attribute && !canWrite(attribute.access[client.id]) && value(5) !== null) {
      const r = await a.setResult(ref(setup, 5), readData(readings[3])!);
      const title = `${client.name}: SET ${setup.obis} attribute 5 (max_info_field_length_transmit)`;
      if (!r.ok) run.inconclusive(title, `no answer: ${r.error.message}`, { client: client.id, step: 4 });
      else run.expect(r.value !== 0, title, `refused with ${dataAccessResultName(r.value)}`, "accepted; the profile denies it", { client: client.id, step: 4 });
    }
  } finally {
    env.sessions.track(client.id, a);
    await a.release();
  }
};
