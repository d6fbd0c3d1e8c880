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

export async function listen(sim: Simulator, options: TEndpointOptions): Promise<TRunningEndpoints> {
  const host = options.host ?? "127.0.0.1";
  const servers: Array<{ framing: "wrapper" | "hdlc"; server: TTcpServer }> = [];
  const limits = { maxConnections: options.maxConnections ?? 512, hdlc: { maxInfoTransmit: 1024, maxInfoReceive: 1024 } };
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
