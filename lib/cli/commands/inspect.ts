import type { TBaseline } from "../../baseline/load";
import { connect, Association, type TClientCredentials, type TMechanismKind } from "../../dlms/client";
import { describeObjects, formatInspection, readAll } from "../../dlms/inspect";
import { readInvocationCounter } from "../../dlms/invocation-counter-object";
import type { TUserProfile } from "../../profile/schema";
import { protectionFor } from "../../dlms/security/control";
import { materialFromEntry, type TClientKeyMaterial } from "../../secrets/material";
import { credentialsFor } from "../../secrets/credentials";
import type { TSecrets } from "../../secrets/schema";
import { channelFor, parseMeterAddress } from "../../transport/meter-address";
import { SECURITY_POLICIES, type TSecurityPolicy } from "../../vocabulary";
import type { TArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { readProfileFile, readSecretsFile } from "../inputs";

export const INSPECT_USAGE =
  "usage: inspect <tcp://host:port | hdlc+tcp://host:port | serial:///dev/ttyUSB0> --client SAP [--auth none|lls|hls] [--mechanism gmac|sha256|ecdsa] [--security none|authenticated|encrypted|authenticated-encrypted] [--secrets file] [--profile file] [--password text] [--server N] [--physical N] [--invocation-counter N] [--read] [--json] [--traffic]";

function integerOption(args: TArgs, name: string, min: number, max: number): number | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(EXIT.usage, `--${name} must be a whole number from ${min} to ${max}, not "${v}"`);
  return n;
}

function choice<T extends string>(args: TArgs, name: string, values: readonly T[]): T | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw new CliError(EXIT.usage, `--${name} must be one of ${values.join(", ")}, not "${v}"`);
  return v as T;
}

/** Credentials from the profile's client on that SAP, or from the options and the secrets file's entry for that SAP. */
function credentialsOf(args: TArgs, sap: number, profile: TUserProfile | undefined): TClientCredentials {
  const secrets: TSecrets | undefined = args.options.secrets ? readSecretsFile(args.options.secrets, profile) : undefined;
  if (profile) {
    const client = profile.clients.find((c) => c.sap === sap);
    if (!client) throw new CliError(EXIT.usage, `the profile has no client on SAP ${sap} (its clients: ${profile.clients.map((c) => `${c.name} ${c.sap}`).join(", ")})`);
    if (client.authentication.level === "none" && !secrets) return { clientSap: sap, mechanism: "none", applicationContext: client.applicationContext.id, protection: null };
    if (!secrets) throw new CliError(EXIT.usage, `the ${client.name} needs --secrets`);
    try {
      return credentialsFor(client, secrets);
    } catch (e) {
      throw new CliError(EXIT.invalid, (e as Error).message);
    }
  }
  const auth = choice(args, "auth", ["none", "lls", "hls"] as const) ?? "none";
  const hlsKind = choice(args, "mechanism", ["gmac", "sha256", "ecdsa"] as const) ?? "gmac";
  const mechanism: TMechanismKind = auth === "hls" ? `hls-${hlsKind}` : auth;
  const entry = secrets ? Object.values(secrets.clients).find((c) => c?.sap === sap) : undefined;
  const security: TSecurityPolicy = choice(args, "security", SECURITY_POLICIES) ?? (auth === "hls" && entry?.globalUnicastEncryptionKey ? "authenticated-encrypted" : "none");
  const suite = entry?.globalUnicastEncryptionKey && entry.globalUnicastEncryptionKey.length === 64 ? 2 : (entry?.signingKey?.suite ?? 0);
  let material: TClientKeyMaterial;
  try {
    material = entry ? materialFromEntry(entry, suite, `client ${sap}`) : {};
  } catch (e) {
    throw new CliError(EXIT.invalid, (e as Error).message);
  }
  const password = args.options.password ? new Uint8Array(Buffer.from(args.options.password, "latin1")) : material.password;
  if (auth === "lls" && !password) throw new CliError(EXIT.usage, "LLS needs --password or a --secrets file with this client's password");
  if (auth === "hls" && !material.keys && hlsKind !== "sha256") throw new CliError(EXIT.usage, "HLS needs a --secrets file with this client's keys and system title");
  return {
    clientSap: sap,
    mechanism,
    applicationContext: security === "none" ? 1 : 3,
    protection: protectionFor(security),
    ...(password ? { password } : {}),
    ...(material.hlsSecret ? { hlsSecret: material.hlsSecret } : {}),
    ...(material.systemTitle ? { systemTitle: material.systemTitle } : {}),
    ...(material.keys ? { keys: material.keys } : {}),
    ...(material.signing ? { signing: material.signing } : {}),
  };
}

/** Associates, lists the objects with their rights and, with --read, every readable value: a meter browser. */
export async function inspectCommand(args: TArgs, baseline: TBaseline): Promise<string> {
  const [url, extra] = args.positionals;
  if (!url || extra !== undefined) throw new CliError(EXIT.usage, INSPECT_USAGE);
  const address = parseMeterAddress(url);
  if (typeof address === "string") throw new CliError(EXIT.usage, address);
  const sap = integerOption(args, "client", 1, 127);
  if (sap === undefined) throw new CliError(EXIT.usage, `--client SAP is required\n${INSPECT_USAGE}`);
  const profile = args.options.profile ? readProfileFile(args.options.profile) : undefined;
  const credentials = credentialsOf(args, sap, profile);
  const timeoutMs = (integerOption(args, "timeout", 1, 600) ?? 5) * 1000;
  const counterObject = profile?.clients.find((c) => c.sap === sap)?.invocationCounterObject?.obis;
  const givenCounter = integerOption(args, "invocation-counter", 0, 0xffffffff);
  if (givenCounter !== undefined) credentials.invocationCounter = givenCounter;
  else if (counterObject && credentials.protection !== null) {
    const counter = await readInvocationCounter(channelFor(address, { clientSap: 16 }), counterObject, timeoutMs);
    if (!counter.ok) throw new CliError(EXIT.invalid, `cannot read the invocation counter ${counterObject} through the Public client: ${counter.error.message}`);
    credentials.invocationCounter = counter.value;
  }
  const channel = channelFor(address, { clientSap: sap, logicalDevice: integerOption(args, "server", 0, 0x3fff) ?? 1, ...(args.options.physical ? { physical: integerOption(args, "physical", 0, 0x3fff)! } : {}) });
  const connected = await connect({ channel, credentials, timeoutMs });
  if (!connected.ok) throw new CliError(EXIT.invalid, `${channel.description}: ${connected.error.message}`);
  const association = connected.value;
  const list = await association.objectList();
  if (!list.ok) {
    await association.abort();
    throw new CliError(EXIT.invalid, `${channel.description}: cannot read the object list: ${list.error.message}`);
  }
  const associationVersion = list.value.find((e) => e.obis === "0-0:40.0.0.255")?.version ?? 1;
  const objects = describeObjects(list.value, associationVersion);
  let reads = 0;
  let errors = 0;
  if (args.flags.has("read")) {
    const r = await readAll(association, objects);
    reads = r.reads;
    errors = r.errors;
    if (r.failure) {
      await association.abort();
      throw new CliError(EXIT.invalid, `${channel.description}: reading stopped after ${r.reads} values: ${r.failure.message}`);
    }
  }
  const released = await association.release();
  if (args.flags.has("json")) {
    return JSON.stringify(
      {
        meter: channel.description,
        client: sap,
        negotiated: { conformance: [...association.negotiated.conformance].sort(), maxPdu: association.negotiated.maxPdu },
        objects,
        reads,
        errors,
        released: released.ok,
        link: channel.stats,
      },
      null,
      2,
    );
  }
  const classes = new Map(baseline.classes.map((c) => [c.classId, c]));
  const names = {
    className: (id: number) => classes.get(id)?.name,
    attributeName: (id: number, index: number) => classes.get(id)?.attributes.find((a) => a.index === index)?.name,
  };
  const header = [
    `${channel.description}: associated as client ${sap} (${credentials.mechanism}${credentials.protection ? `, ${credentials.protection}` : ""})`,
    `negotiated: max PDU ${association.negotiated.maxPdu}, ${[...association.negotiated.conformance].sort().join(", ")}`,
    `${objects.length} objects${args.flags.has("read") ? `, ${reads} values read, ${errors} refused` : ""}`,
    "",
    "class ver OBIS               class name                       attribute rights (R read, W write, - none)",
  ];
  const footer = released.ok ? "released" : `release failed: ${released.error.message}`;
  const traffic = args.flags.has("traffic") ? ["", "traffic:", ...association.traffic.map(Association.describe)] : [];
  return [...header, formatInspection(objects, names), "", footer, ...traffic].join("\n");
}
