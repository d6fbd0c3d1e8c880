import { d, numberOf } from "../dlms/axdr/data";
import type { THdlcParameters } from "../dlms/hdlc/parameters";
import { serveTcp, type TServeEvent, type TTcpServer } from "../transport/tcp-server";
import type { TThrottle } from "../transport/throttle";
import type { Simulator } from "./simulator";

/**
 * The simulator's listening endpoints: the TCP wrapper (IEC 62056-47) and HDLC over TCP, each
 * serving every client of the profile. The CLI, the tests and the benchmarks start the same ones.
 */
export interface TEndpointOptions {
  host?: string;
  /** TCP wrapper port; 0 picks a free one; null for none. */
  wrapperPort: number | null;
  /** HDLC-over-TCP port; 0 picks a free one; null for none. */
  hdlcPort: number | null;
  throttle?: TThrottle;
  /** Connections at once per endpoint. */
  maxConnections?: number;
  onEvent?: (framing: "wrapper" | "hdlc", event: TServeEvent) => void;
  /** A connection that sends nothing for this long is closed (default 120 s, as the TCP server). */
  inactivityMs?: number;
}

export interface TEndpoint {
  framing: "wrapper" | "hdlc";
  url: string;
  port: number;
}

export interface TRunningEndpoints {
  endpoints: TEndpoint[];
  close(): Promise<void>;
}

/** The IEC HDLC setup (class 23): window sizes (3, 4) and maximum information field lengths (5, 6), in the meter's own directions. */
const HDLC_SETUP = "0-0:22.0.0.255";
/** What the link allows when the profile has no HDLC setup object. */
const HDLC_WITHOUT_SETUP: Partial<THdlcParameters> = { maxInfoTransmit: 1024, maxInfoReceive: 1024 };

/**
 * The HDLC link negotiates within what the meter's IEC HDLC setup says when the endpoints start
 * (IEC 62056-46 parameter negotiation; testbook COMM-HDLC-002): a UA never offers more.
 */
function hdlcLimits(sim: Simulator): Partial<THdlcParameters> {
  if (!sim.meter.objects.has(HDLC_SETUP)) return HDLC_WITHOUT_SETUP;
  const value = (attribute: number) => numberOf(sim.meter.readValue(HDLC_SETUP, attribute) ?? d.null()) ?? undefined;
  const limits: Partial<THdlcParameters> = {};
  // Values outside the ranges of class 23 (window 1 to 7, 32 to 2030 bytes) are taken at the nearest bound.
  const set = (key: keyof THdlcParameters, attribute: number) => {
    const v = value(attribute);
    const [low, high] = key.startsWith("window") ? [1, 7] : [32, 2030];
    if (v !== undefined) limits[key] = Math.min(high, Math.max(low, v));
  };
  set("windowTransmit", 3);
  set("windowReceive", 4);
  set("maxInfoTransmit", 5);
  set("maxInfoReceive", 6);
  return limits;
}

export async function listen(sim: Simulator, options: TEndpointOptions): Promise<TRunningEndpoints> {
  const host = options.host ?? "127.0.0.1";
  const servers: Array<{ framing: "wrapper" | "hdlc"; server: TTcpServer }> = [];
  const limits = { maxConnections: options.maxConnections ?? 512, hdlc: hdlcLimits(sim) };
  try {
    for (const [framing, port] of [
      ["wrapper", options.wrapperPort],
      ["hdlc", options.hdlcPort],
    ] as const) {
      if (port === null) continue;
      const server = await serveTcp({
        host,
        port,
        framing,
        session: (link) => sim.session(link),
        limits,
        ...(options.throttle ? { throttle: options.throttle } : {}),
        ...(options.inactivityMs !== undefined ? { inactivityMs: options.inactivityMs } : {}),
        ...(options.onEvent ? { onEvent: (e: TServeEvent) => options.onEvent!(framing, e) } : {}),
      });
      servers.push({ framing, server });
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.server.close()));
    throw e;
  }
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    endpoints: servers.map(({ framing, server }) => ({ framing, port: server.port, url: `${framing === "wrapper" ? "tcp" : "hdlc+tcp"}://${shown}:${server.port}` })),
    close: async () => {
      await Promise.all(servers.map((s) => s.server.close()));
    },
  };
}
