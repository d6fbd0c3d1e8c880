/**
 * Where a meter is, as people write it: tcp://host:port (TCP wrapper, IEC 62056-47),
 * hdlc+tcp://host:port (HDLC frames over TCP), serial:///dev/ttyUSB0 (HDLC over a serial port or
 * optical head; ?baud=9600 and ?mode-e for the IEC 62056-21 opening). Text only, no I/O: the web
 * page's form checks an address with it in the browser.
 */
export type TMeterAddress =
  | { kind: "wrapper"; host: string; port: number }
  | { kind: "hdlc-tcp"; host: string; port: number }
  | { kind: "serial"; path: string; baudRate: number; modeE: boolean };

export const DEFAULT_WRAPPER_PORT = 4059;

export function parseMeterAddress(text: string): TMeterAddress | string {
  const m = /^(tcp|hdlc\+tcp):\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(text.trim());
  if (m) {
    const port = m[3] === undefined ? DEFAULT_WRAPPER_PORT : Number(m[3]);
    if (port < 1 || port > 65535) return `port ${port} is outside 1..65535`;
    const host = m[2]!.replace(/^\[|\]$/g, "");
    return m[1] === "tcp" ? { kind: "wrapper", host, port } : { kind: "hdlc-tcp", host, port };
  }
  const s = /^serial:\/\/(\/[^?\s]+)(?:\?(.*))?$/.exec(text.trim());
  if (s) {
    const params = new URLSearchParams(s[2] ?? "");
    const baud = params.get("baud");
    const baudRate = baud === null ? 9600 : Number(baud);
    if (!Number.isInteger(baudRate) || baudRate < 300 || baudRate > 921600) return `baud rate ${baud} is not a whole number from 300 to 921600`;
    return { kind: "serial", path: s[1]!, baudRate, modeE: params.has("mode-e") };
  }
  return `"${text}" is not a meter address: use tcp://host:port, hdlc+tcp://host:port or serial:///dev/ttyUSB0`;
}
