import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { startGuruxMeter, type TGuruxMeterPorts } from "../helpers/gurux-meter";
import { runGuruxRead, type TGuruxObject, type TGuruxReadOptions, type TGuruxReadOutput } from "../helpers/gurux-read";
import { peerVersions, requirePeers } from "../helpers/peers";

/**
 * Captures byte-exact traffic between the Gurux Python client (gurux-read.py) and the Gurux C
 * example meter into test/fixtures/gurux/, each exchange against a freshly started meter so that
 * invocation counters and stored settings start from the example's defaults. Re-run with
 *   npx tsx test/tools/capture-gurux.ts
 * Challenges, clock values and ciphertexts differ from run to run: tests use the captured bytes as
 * they are, never a re-capture.
 */
const root = join(import.meta.dirname, "../..");
const out = join(root, "test/fixtures/gurux");

// The example meter's keys (GuruxDLMS.c ciphering defaults) and the client system title it is
// documented with; its HLS-GMAC association (client 1) needs no password.
const GMAC = {
  auth: "high-gmac",
  suite: 0,
  security: "authentication-encryption",
  systemTitle: "4775727578313233",
  blockKey: "000102030405060708090a0b0c0d0e0f",
  authKey: "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
} as const;

type TCapture = {
  file: string;
  description: string;
  port: keyof TGuruxMeterPorts;
  options: Omit<TGuruxReadOptions, "port" | "traffic">;
  /** The exit code gurux-read must end with, so a broken capture is never written. */
  exitCode: 0 | 1;
  keepObjects: boolean;
  objectList?: { file: string; description: string };
};

const CAPTURES: TCapture[] = [
  {
    file: "wrapper-none-16.json",
    description:
      "LN referencing over the TCP wrapper (IEC 62056-47), public client 16 with no security: AARQ/AARE, GET of the object list (0-0:40.0.0.255 attribute 2, which arrives in GET block transfer), RLRQ/RLRE.",
    port: "lnWrapper",
    options: { client: 16 },
    exitCode: 0,
    keepObjects: false,
    objectList: {
      file: "meter-objects-16.json",
      description: "The Gurux C example meter's object list as gurux-read reports it to client 16 (no security): class, version, logical name, access per attribute and method.",
    },
  },
  {
    file: "wrapper-lls-17-values.json",
    description:
      'LN over the TCP wrapper, client 17 with LLS (mechanism 1, password "Gurux"): association, object list, then a GET of every attribute the list declares readable; long answers arrive in GET block transfer (GET-request-next / GET-response-with-datablock), then release.',
    port: "lnWrapper",
    options: { client: 17, auth: "low", password: "Gurux", values: true },
    exitCode: 0,
    keepObjects: true,
    objectList: {
      file: "meter-objects-17.json",
      description: 'The Gurux C example meter\'s object list as gurux-read reports it to client 17 (LLS "Gurux"): class, version, logical name, access per attribute and method.',
    },
  },
  {
    file: "hdlc-none-16-values.json",
    description:
      "LN over HDLC on TCP (IEC 62056-46), client 16 with no security, server address 1: SNRM/UA, AARQ/AARE in I frames, the object list and every readable attribute (segmented I frames acknowledged with RR), release, DISC/UA.",
    port: "lnHdlc",
    options: { hdlc: true, client: 16, values: true },
    exitCode: 0,
    keepObjects: true,
  },
  {
    file: "wrapper-hls-gmac-1.json",
    description:
      "LN over the TCP wrapper, client 1 with HLS-GMAC (mechanism 5), security suite 0, every APDU authenticated and encrypted (glo/general-glo ciphering): AARQ with the client system title, HLS pass 3/4 through Association LN method 1, the object list, release. The meter's AARE carries server system title 4142434445464748, not the 4752580000000001 of its Security setup objects. It answers the unciphered RLRQ gurux-read sends with an exception-response (service not allowed), which gurux-read records as a release error.",
    port: "lnWrapper",
    options: { client: 1, ...GMAC, invocationCounter: 0 },
    exitCode: 0,
    keepObjects: false,
  },
  {
    file: "wrapper-lls-17-wrong-password.json",
    description:
      'LN over the TCP wrapper, client 17 with LLS and a wrong password ("wrong"): the AARE rejects the association permanently with diagnostic authentication-failure.',
    port: "lnWrapper",
    options: { client: 17, auth: "low", password: "wrong" },
    exitCode: 1,
    keepObjects: false,
  },
];

function objectList(objects: TGuruxObject[]) {
  return objects.map((o) => ({
    classId: o.classId,
    version: o.version,
    obis: o.obis,
    ...(o.unknownClass ? { unknownClass: true } : {}),
    attributes: o.attributes.map((a) => ({ index: a.index, access: a.access })),
    methods: o.methods,
  }));
}

function traffic(json: TGuruxReadOutput) {
  return (json.traffic ?? []).map(([direction, hex]) => ({ direction, hex }));
}

async function main() {
  const peers = requirePeers();
  const versions = peerVersions();
  mkdirSync(out, { recursive: true });
  for (const c of CAPTURES) {
    const meter = await startGuruxMeter();
    try {
      const r = await runGuruxRead({ port: meter.ports[c.port], ...c.options, traffic: true });
      if (!r.json || r.exitCode !== c.exitCode) throw new Error(`${c.file}: gurux-read ended with ${r.exitCode}, expected ${c.exitCode}: ${r.stderr}${r.stdout}`);
      const script = relative(root, r.command[1]!);
      const command = ["python3", script, ...r.command.slice(2)].join(" ");
      const capturedWith = {
        peers: versions,
        client: command,
        meter: `gurux.dlms.server.bin -p ${meter.ports.snHdlc} (GuruxDLMSServerExample built by ${relative(root, join(peers.dir, "build-gurux-meter.sh"))}, fresh working folder; this port is ${c.port})`,
        date: new Date().toISOString(),
      };
      const result = { exitCode: r.exitCode, association: r.json.association, errors: r.json.errors, objectCount: r.json.objects.length };
      const fixture = {
        description: c.description,
        capturedWith,
        note: "Each traffic chunk is one socket write (tx) or read (rx) as gurux-read logged it: a read may hold part of a frame or several frames.",
        result,
        ...(c.keepObjects ? { objects: r.json.objects } : {}),
        traffic: traffic(r.json),
      };
      writeFileSync(join(out, c.file), `${JSON.stringify(fixture, null, 1)}\n`);
      console.log(`${c.file}: exit ${r.exitCode}, ${result.objectCount} objects, ${fixture.traffic.length} chunks, ${r.json.errors.length} errors`);
      if (c.objectList) {
        const list = { description: c.objectList.description, capturedWith, count: r.json.objects.length, objects: objectList(r.json.objects) };
        writeFileSync(join(out, c.objectList.file), `${JSON.stringify(list, null, 1)}\n`);
        console.log(`${c.objectList.file}: ${list.count} objects`);
      }
    } finally {
      await meter.stop();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
