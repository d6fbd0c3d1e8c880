import type { TData } from "../dlms/axdr/data";
import { canRead, type TClientId } from "../vocabulary";
import type { TRunEnvironment } from "./environment";

/**
 * Who the meter says it is, read at the start of a run for its results: the logical device name
 * (0-0:42.0.0.255, whose first three characters are the manufacturer's FLAG id), the manufacturing
 * serial number (0-0:96.1.0.255) and the active firmware identifier (1-0:0.2.0.255).
 */
export interface TMeterIdentity {
  logicalDeviceName: string;
  manufacturer: string;
  serialNumber: string;
  firmwareVersion: string;
}

const IDENTITY = { logicalDeviceName: "0-0:42.0.0.255", serialNumber: "0-0:96.1.0.255", firmwareVersion: "1-0:0.2.0.255" } as const;

/** Text of an identifier: octet-strings of printable characters as text, others as hex. */
function textOf(v: TData | undefined): string {
  if (!v) return "";
  if (v.type === "visible-string" || v.type === "utf8-string") return v.value;
  if (v.type === "octet-string") {
    const bytes = Buffer.from(v.value);
    return bytes.every((b) => b >= 0x20 && b < 0x7f) ? bytes.toString("latin1") : bytes.toString("hex");
  }
  if ("value" in v && (typeof v.value === "number" || typeof v.value === "bigint")) return String(v.value);
  return "";
}

export async function identifyMeter(env: TRunEnvironment): Promise<TMeterIdentity> {
  const read = async (obis: string): Promise<string> => {
    const o = env.profile.objects.find((x) => x.obis === obis);
    if (!o) return "";
    const order: TClientId[] = ["public", "reading", "management", ...env.profile.clients.map((c) => c.id)];
    const client = order.find((c) => env.profile.clients.some((x) => x.id === c) && canRead(o.attributes.find((a) => a.index === 2)?.access[c]));
    if (!client) return "";
    const r = await env.readings.value(client, { classId: o.classId, obis, attribute: 2 });
    return "result" in r && r.result.ok ? textOf(r.result.data).slice(0, 200) : "";
  };
  const logicalDeviceName = await read(IDENTITY.logicalDeviceName);
  return {
    logicalDeviceName,
    manufacturer: /^[A-Z]{3}/.test(logicalDeviceName) ? logicalDeviceName.slice(0, 3) : "",
    serialNumber: await read(IDENTITY.serialNumber),
    firmwareVersion: await read(IDENTITY.firmwareVersion),
  };
}
