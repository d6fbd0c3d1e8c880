import { generateEcdsaKeyPair } from "../../dlms/security/ecdsa";
import { canRead } from "../../vocabulary";
import { numberOf } from "../../dlms/axdr/data";
import { boundClient, CURRENT_ASSOCIATION, type TProcedure } from "./util";

/**
 * Application associations (testbook chapter "associations"): each client associates on its
 * SAP with its mechanism and context, is refused with a wrong secret, a wrong context or an
 * unknown SAP, and releases.
 */
const readsCurrentAssociation = (env: Parameters<TProcedure>[0], client: string, attribute: number) =>
  env.profile.objects.some((o) => o.obis === CURRENT_ASSOCIATION && canRead(o.attributes.find((a) => a.index === attribute)?.access[client as never]));

export const associationOpens: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const title = `${client.name}: AARQ on SAP ${client.sap} with mechanism ${client.authentication.mechanismId}`;
  const r = await env.sessions.connect(client.id, {});
  if (!r.ok) {
    run.fail(title, `the association is refused: ${r.error.message}`, { step: 1, client: client.id });
    return;
  }
  const a = r.value;
  run.pass(title, `accepted; max PDU ${a.negotiated.maxPdu}, conformance ${[...a.negotiated.conformance].sort().join(", ")}`, { step: 1, client: client.id });
  if (readsCurrentAssociation(env, client.id, 2)) {
    // The object list is read once per run, through this association if it is the first to ask; later ones read its logical name.
    const listed = env.readings.cached(client.id, { classId: 15, obis: CURRENT_ASSOCIATION, attribute: 2 });
    if (listed && "result" in listed && listed.result.ok) {
      const name = await a.get({ classId: 15, obis: CURRENT_ASSOCIATION, attribute: 1 });
      run.expect(name.ok, `${client.name}: ${CURRENT_ASSOCIATION} in this association`, "answered (its object list was read earlier in the run)", name.ok ? "" : `not returned: ${name.error.message}`, { step: 2, client: client.id });
    } else {
      const from = env.traffic.length;
      const list = await a.get({ classId: 15, obis: CURRENT_ASSOCIATION, attribute: 2 });
      if (list.ok) env.readings.adopt(client.id, list.value, [from, env.traffic.length]);
      const decoded = list.ok ? await env.readings.objectList(client.id) : undefined;
      run.expect(decoded?.list !== undefined, `${client.name}: object_list of ${CURRENT_ASSOCIATION}`, `${decoded?.list?.length ?? 0} objects listed`, list.ok ? (decoded?.error?.message ?? "") : `not returned: ${list.error.message}`, { step: 2, client: client.id });
    }
  } else {
    run.notRun(`${client.name}: object_list of ${CURRENT_ASSOCIATION}`, "the profile gives this client no read right on the current association", { step: 2, client: client.id });
  }
  if (readsCurrentAssociation(env, client.id, 8)) {
    const status = await a.get({ classId: 15, obis: CURRENT_ASSOCIATION, attribute: 8 });
    const value = status.ok ? numberOf(status.value) : null;
    run.expect(value === 2, `${client.name}: association_status`, "2 (associated)", status.ok ? `${value} instead of 2 (associated)` : `not read: ${status.error.message}`, { step: 3, client: client.id });
  }
  env.sessions.track(client.id, a);
  await a.release();
};

export const associationRefusesWrongSecret: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const mechanism = client.authentication.mechanismId;
  const title = `${client.name}: association with a wrong secret`;
  if (mechanism === 0) {
    run.notRun(title, "the client has no secret to get wrong");
    return;
  }
  const good = env.sessions.credentials(client.id);
  const wrong =
    mechanism === 1
      ? { password: new TextEncoder().encode(`${new TextDecoder().decode(good.password)}x`) }
      : mechanism === 5
        ? { keys: { ...good.keys!, authenticationKey: good.keys!.authenticationKey.map((b) => b ^ 0x5a) } }
        : mechanism === 6
          ? { hlsSecret: good.hlsSecret!.map((b) => b ^ 0x5a) }
          : { signing: { ...good.signing!, privateKey: generateEcdsaKeyPair(good.signing!.suite).privateKey } };
  const r = await env.sessions.connect(client.id, wrong);
  if (r.ok) {
    run.fail(title, "the association was accepted with a wrong secret", { step: 1, client: client.id });
    await r.value.release();
    return;
  }
  // GMAC with a wrong authentication key may already fail at the ciphered AARQ; every other mechanism at its check.
  const expected = mechanism === 1 ? /authentication failure/ : /refused|HLS|authentication|initiate|not verify/;
  run.expect(expected.test(r.error.message), title, `refused: ${r.error.message}`, `refused, but not for the secret: ${r.error.message}`, { step: 1, client: client.id });
  if (client.applicationContext.id === 3) {
    const context = await env.sessions.connect(client.id, { applicationContext: 1, protection: null });
    const ctxTitle = `${client.name}: association in the context without ciphering`;
    if (context.ok) {
      run.fail(ctxTitle, "accepted in application context 1; the profile requires 3 (LN with ciphering)", { client: client.id });
      await context.value.release();
    } else {
      run.expect(/application context name not supported|refused/.test(context.error.message), ctxTitle, `refused: ${context.error.message}`, `refused for another reason: ${context.error.message}`, { client: client.id });
    }
  }
};

export const associationReleases: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const r = await env.sessions.connect(client.id, {});
  if (!r.ok) {
    run.inconclusive(`${client.name}: release`, `cannot associate: ${r.error.message}`, { client: client.id });
    return;
  }
  env.sessions.track(client.id, r.value);
  const released = await r.value.release();
  run.expect(released.ok, `${client.name}: RLRQ`, "the meter answered RLRE and released the association", released.ok ? "" : `no release response: ${released.error.message}`, { step: 1, client: client.id });
};

export const publicAssociation: TProcedure = async (env, run) => {
  const pub = env.profile.clients.find((c) => c.id === "public");
  if (!pub) return;
  const r = await env.sessions.connect("public", {});
  if (!r.ok) {
    run.fail("Public client: AARQ without authentication", `refused: ${r.error.message}`, { client: "public" });
    return;
  }
  run.expect(pub.authentication.mechanismId === 0 && r.value.credentials.protection === null, "Public client: AARQ without authentication", "accepted with the lowest security and no ciphering", "the profile gives the Public client security", { client: "public" });
  const ldn = await r.value.get({ classId: 1, obis: "0-0:42.0.0.255", attribute: 2 });
  run.expect(ldn.ok, "Public client: logical device name", ldn.ok ? "read" : "", ldn.ok ? "" : `not read: ${ldn.error.message}`, { client: "public" });
  await r.value.release();
};

/** A SAP no client of the profile uses: the meter must not serve it. */
export const unknownSapRefused: TProcedure = async (env, run) => {
  const used = new Set(env.profile.clients.map((c) => c.sap));
  const sap = [0x55, 0x33, 0x77, 0x20, 0x40].find((s) => !used.has(s))!;
  const r = await env.sessions.connect("public", {}, { clientSap: sap });
  const title = `AARQ from the unknown client SAP ${sap}`;
  if (r.ok) {
    run.fail(title, `the meter accepted client SAP ${sap}, which no client of the profile uses`);
    await r.value.release();
    return;
  }
  run.pass(title, `refused: ${r.error.message}`);
};

/** A test of one link: run over that framing, the association test; over the other, NOT-RUN saying how to run it. */
function overFraming(framing: "hdlc" | "wrapper"): TProcedure {
  return async (env, run) => {
    if (env.framing !== framing) {
      run.notRun(run.test.title, `this run reaches the meter over the ${env.framing === "hdlc" ? "HDLC" : "TCP wrapper"}; run it again with a ${framing === "hdlc" ? "serial:// or hdlc+tcp://" : "tcp://"} address for this test`);
      return;
    }
    await associationOpens(env, run);
  };
}

/** COMM-HDLC-001: the client associates over HDLC (the optical port). */
export const hdlcAssociation = overFraming("hdlc");

/** COMM-IP-004: the client associates over the TCP-UDP/IP interface of the run. */
export const wrapperAssociation = overFraming("wrapper");
