import { d, numberOf } from "../../dlms/axdr/data";
import { fromHex } from "../../dlms/bytes";
import { wrapKey } from "../../dlms/security/key-wrap";
import { encodeApdu } from "../../dlms/xdlms/apdu";
import { dataAccessResultName, actionResultName } from "../../dlms/xdlms/results";
import { broadcastClockSet } from "./broadcast";
import { answeredClient, answeredClients, associationOf, boundClient, readableBy, readData, readingText, ref, refText, type TProcedure } from "./util";
import { causeOf } from "./causes";
import { causeAndFind, loggedEvent } from "./events";

/**
 * Security (testbook chapter "security"): security setup values, the policy in force, ciphered
 * exchanges, refusal of unprotected and tampered APDUs, HLS, invocation counters and key transfer.
 */
const setupOf = (env: Parameters<TProcedure>[0], clientId: string) => {
  const client = env.profile.clients.find((c) => c.id === clientId);
  return client?.securitySetupObject ? env.profile.objects.find((o) => o.obis === client.securitySetupObject!.obis) : undefined;
};

/** SEC-SS-001: the security setup holds the client's suite, policy and system titles. */
export const securitySetupValues: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const setup = setupOf(env, client.id);
  if (!setup) {
    run.notRun(`${client.name}: security setup`, "the client has no security setup in the profile");
    return;
  }
  const reader = env.profile.clients.find((c) => c.id === "management") ? "management" : client.id;
  const [policy, suite, clientTitle, serverTitle] = await env.readings.read(reader, [2, 3, 4, 5].map((i) => ref(setup, i)));
  const wantPolicy = setup.version === 0 ? client.securityPolicy.securitySetupV0Value : client.securityPolicy.securitySetupV1Bits;
  run.expect(numberOf(readData(policy) ?? d.null()) === wantPolicy, `${setup.obis} security_policy`, `${wantPolicy} (${client.securityPolicy.name})`, `${readingText(policy)}; the profile says ${wantPolicy} (${client.securityPolicy.name})`, { evidence: policy!.evidence });
  run.expect(numberOf(readData(suite) ?? d.null()) === (client.securitySuite ?? 0), `${setup.obis} security_suite`, `suite ${client.securitySuite}`, `${readingText(suite)}; the profile says suite ${client.securitySuite}`, { evidence: suite!.evidence });
  const wantTitle = env.secrets.clients[client.id]?.systemTitle;
  const gotTitle = readData(clientTitle);
  if (wantTitle && gotTitle?.type === "octet-string") run.expect(Buffer.from(gotTitle.value).toString("hex") === wantTitle.toLowerCase(), `${setup.obis} client_system_title`, "the client's system title", `${readingText(clientTitle)}, not the client's ${wantTitle}`, { evidence: clientTitle!.evidence });
  const server = readData(serverTitle);
  run.expect(server?.type === "octet-string" && server.value.length === 8, `${setup.obis} server_system_title`, `${readingText(serverTitle)} (8 bytes)`, `${readingText(serverTitle)} is not an 8-byte system title`, { evidence: serverTitle!.evidence });
};

/** SEC-SS-002: security_activate with a weaker policy is refused and the policy stays. */
export const policyNotWeakened: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const setup = setupOf(env, client.id);
  const operator = env.profile.clients.find((c) => setup?.methods.find((m) => m.index === 1)?.access[c.id] === "X");
  if (!setup || !operator || client.securityPolicy.id === "none") {
    run.notRun(`${client.name}: weaker policy`, "no client may run security_activate on this client's security setup, or its policy is already none");
    return;
  }
  const a = await associationOf(env, run, operator.id);
  if (!a) return;
  const r = await a.actionResult({ classId: 64, obis: setup.obis, method: 1 }, d.enum(0));
  run.expect(r.ok && r.value.result !== 0, `${operator.name}: security_activate(0) on ${setup.obis}`, r.ok ? `refused with ${actionResultName(r.value.result)}` : "", r.ok ? "the meter accepted to drop the policy to none" : `no answer: ${r.error.message}`, { client: operator.id });
  const after = await env.readings.value(operator.id, ref(setup, 2), { fresh: true });
  const want = setup.version === 0 ? client.securityPolicy.securitySetupV0Value : client.securityPolicy.securitySetupV1Bits;
  run.expect(numberOf(readData(after) ?? d.null()) === want, `${setup.obis} security_policy after the attempt`, "unchanged", `${readingText(after)}; it was ${want}`, { client: operator.id, evidence: after.evidence });
};

/** SEC-CP-001: requests go ciphered as the policy asks, answers come back ciphered and authentic, counters increase. */
export const cipheredExchange: TProcedure = async (env, run) => {
  const client = answeredClient(env, run);
  if (!client) return;
  if (client.securityPolicy.id === "none") {
    run.notRun(`${client.name}: ciphered exchange`, "the client's policy asks for no protection");
    return;
  }
  const a = await associationOf(env, run, client.id);
  if (!a) return;
  const target = readableBy(env, client.id);
  if (!target) return;
  const from = env.traffic.length;
  const r = await a.get(target);
  const entries = env.traffic.entries.slice(from);
  const sent = entries.find((e) => e.direction === "sent");
  const got = entries.find((e) => e.direction === "received");
  run.expect(r.ok, `${client.name}: ciphered GET of ${refText(target)}`, "answered, deciphered and authenticated", r.ok ? "" : r.error.message, { client: client.id });
  run.expect(sent?.invocationCounter !== undefined && got?.invocationCounter !== undefined, `${client.name}: protection of both directions`, `request IC ${sent?.invocationCounter}, response IC ${got?.invocationCounter}`, "an APDU of the exchange was not ciphered", { client: client.id });
  const counters = env.traffic.entries.filter((e) => e.client === client.id && e.direction === "received" && e.invocationCounter !== undefined).map((e) => e.invocationCounter!);
  const increasing = counters.every((c, i) => i === 0 || c > counters[i - 1]!);
  run.expect(increasing, `${client.name}: the meter's invocation counter`, `increased over ${counters.length} protected answers`, `did not increase: ${counters.slice(-5).join(", ")}`, { client: client.id });
};

/** SEC-CP-002: a plain request where the policy demands protection, and a tampered one, are refused. */
export const unprotectedRefused: TProcedure = async (env, run) => {
  const client = answeredClient(env, run);
  if (!client) return;
  if (client.securityPolicy.id === "none") {
    run.notRun(`${client.name}: unprotected requests`, "the client's policy asks for no protection");
    return;
  }
  const target = readableBy(env, client.id);
  const a = target ? await associationOf(env, run, client.id) : undefined;
  if (!a || !target) return;
  const get = encodeApdu({ type: "get-request-normal", invoke: 0xc1, attribute: target });
  const isRefusal = (answer: Uint8Array) => answer[0] === 0xd8 || (answer[0] === 0xc4 && answer[3] === 0x01) || answer[0] === 0x0e;
  const plain = await a.channel.exchange(get, 5000);
  run.expect(plain.ok && isRefusal(plain.value), `${client.name}: GET ${refText(target)} sent unprotected`, "refused", plain.ok ? "the meter answered an unprotected request in an association whose policy demands protection" : `no answer: ${plain.error.message}`, { client: client.id, step: 1 });
  const tampered = await a.exchangeAltered(get, (wire) => Uint8Array.from(wire, (b, i) => (i === wire.length - 1 ? b ^ 0x01 : b)));
  const answered = tampered.ok && !isRefusal(tampered.value);
  run.expect(!answered, `${client.name}: GET ${refText(target)} with its authentication tag altered`, tampered.ok ? "refused" : `not answered (${tampered.error.message})`, "the meter answered a request whose authentication tag does not verify", { client: client.id, step: 2 });
  await a.abort();
  env.sessions.drop(client.id, a);
};

/** SEC-HLS-001: HLS with a wrong proof is refused; with the right one the meter's answer verifies. */
export const hlsAuthentication: TProcedure = async (env, run) => {
  const client = answeredClient(env, run);
  if (!client) return;
  if (client.authentication.level !== "hls") {
    run.notRun(`${client.name}: HLS`, "the client does not use HLS");
    return;
  }
  const good = await env.sessions.connect(client.id, {});
  run.expect(good.ok, `${client.name}: HLS passes 3 and 4`, "the client's proof was accepted and the meter's proof verified", good.ok ? "" : good.error.message, { client: client.id });
  if (good.ok) {
    env.sessions.track(client.id, good.value);
    await good.value.release();
  }
  const credentials = env.sessions.credentials(client.id);
  const wrong = credentials.keys ? { keys: { ...credentials.keys, authenticationKey: credentials.keys.authenticationKey.map((b) => b ^ 0xff) } } : credentials.hlsSecret ? { hlsSecret: credentials.hlsSecret.map((b) => b ^ 0xff) } : {};
  const bad = await env.sessions.connect(client.id, wrong);
  run.expect(!bad.ok, `${client.name}: HLS with a wrong secret`, bad.ok ? "" : `refused: ${bad.error.message}`, "accepted with a wrong secret", { client: client.id });
  if (bad.ok) await bad.value.release();
};

/** SEC-IC-001: the client's counter object rises, and a replayed APDU is refused. */
export const invocationCounter: TProcedure = async (env, run) => {
  const client = answeredClient(env, run);
  if (!client) return;
  if (client.securityPolicy.id === "none" || !client.invocationCounterObject) {
    run.notRun(`${client.name}: invocation counter`, "the client sends no protected APDU or has no invocation counter object");
    return;
  }
  const counter = env.profile.objects.find((o) => o.obis === client.invocationCounterObject!.obis);
  const a = await associationOf(env, run, client.id);
  if (!a || !counter) return;
  const target = readableBy(env, client.id);
  if (!target) return;
  const before = numberOf(readData(await env.readings.value("public", ref(counter, 2), { fresh: true })) ?? d.null());
  const r = await a.get(target);
  const sent = a.traffic.filter((e) => e.direction === "sent").at(-1);
  const after = numberOf(readData(await env.readings.value("public", ref(counter, 2), { fresh: true })) ?? d.null());
  run.expect(r.ok && before !== null && after !== null && after > before, `${counter.obis} after a protected request`, `rose from ${before} to ${after}`, `went from ${before} to ${after}`, { client: client.id });
  if (!sent) return;
  const replayed = await a.channel.exchange(fromHex(sent.hex), 5000);
  const refused = replayed.ok && replayed.value[0] === 0xd8;
  run.expect(refused, `${client.name}: the same protected request replayed`, "refused (invocation-counter-error)", replayed.ok ? "the meter answered a replayed APDU" : `no answer: ${replayed.error.message}`, { client: client.id });
};

/** SEC-IC-002 and SEC-KEY-003: key_transfer of the client's own key by the Management client; the counter restarts. */
export const keyTransfer: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const setup = setupOf(env, client.id);
  const secrets = env.secrets.clients[client.id];
  // A pre-established client ciphers with its broadcast key (key_id 1); the others with their unicast key (key_id 0).
  const broadcast = client.association === "pre-established";
  const key = broadcast ? secrets?.globalBroadcastEncryptionKey : secrets?.globalUnicastEncryptionKey;
  const keyName = broadcast ? "broadcast" : "unicast";
  if (!setup || !key) {
    run.notRun(`${client.name}: key transfer`, "the client has no security setup or no key");
    return;
  }
  const kek = fromHex(env.secrets.meter.masterKey);
  const wrapped = wrapKey(kek, fromHex(key));
  if (!wrapped.ok) throw new Error(wrapped.error.message);
  const parameter = d.array([d.struct(d.enum(broadcast ? 1 : 0), d.octets(wrapped.value))]);
  for (const other of answeredClients(env)) {
    if (other.id === "management") continue;
    if (setup.methods.find((m) => m.index === 2)?.access[other.id] === "X") continue;
    const a = await associationOf(env, run, other.id);
    if (!a) continue;
    const r = await a.actionResult({ classId: 64, obis: setup.obis, method: 2 }, parameter);
    run.expect(r.ok && r.value.result !== 0, `${other.name}: key_transfer on ${setup.obis}`, r.ok ? `refused with ${actionResultName(r.value.result)}` : "", r.ok ? "accepted; only the Management client transfers keys" : `no answer: ${r.error.message}`, { client: other.id });
  }
  if (setup.methods.find((m) => m.index === 2)?.access.management !== "X") return;
  const m = await associationOf(env, run, "management");
  if (!m) return;
  // The key transferred is the one in force: the counters restart, nothing else changes.
  const r = await m.actionResult({ classId: 64, obis: setup.obis, method: 2 }, parameter);
  run.expect(r.ok && r.value.result === 0, `Management client: key_transfer of the ${client.name}'s ${keyName} key`, "accepted", r.ok ? `refused with ${actionResultName(r.value.result)}` : r.error.message, { client: "management" });
  if (!r.ok || r.value.result !== 0) return;
  await env.sessions.restartCounter(client.id);
  const counter = client.invocationCounterObject ? env.profile.objects.find((o) => o.obis === client.invocationCounterObject!.obis) : undefined;
  if (counter) {
    const v = await env.readings.value("public", ref(counter, 2), { fresh: true });
    run.expect(numberOf(readData(v) ?? d.null()) === 0, `${counter.obis} after the key transfer`, "0", `${readingText(v)}; a replaced key restarts its counter at 0`, { evidence: v.evidence });
  }
  if (broadcast) {
    const served = await broadcastClockSet(env, run, 5, {});
    const title = `${client.name}: broadcast request after the key transfer, counter 0`;
    if (typeof served === "string") run.inconclusive(title, served, { client: client.id });
    else run.expect(served, title, "served", "not served: the clock did not move", { client: client.id });
    return;
  }
  const again = await env.sessions.connect(client.id, {});
  run.expect(again.ok, `${client.name}: association after the key transfer, counter 0`, "accepted", again.ok ? "" : again.error.message, { client: client.id });
  if (again.ok) {
    env.sessions.track(client.id, again.value);
    await again.value.release();
  }
};

/** SEC-LLS-001 and SEC-EV-002: the Management client writes a client's LLS secret (the same one) and it is recorded. */
export const llsPasswordChange: TProcedure = async (env, run) => {
  const client = boundClient(env, run);
  const password = env.secrets.clients[client.id]?.password;
  const association = env.profile.objects.find((o) => o.obis === client.associationObject.obis);
  if (!password || !association || association.attributes.find((a) => a.index === 7)?.access.management?.includes("W") !== true) {
    run.notRun(`${client.name}: LLS secret change`, "the client has no LLS password the Management client may write");
    return;
  }
  const m = await associationOf(env, run, "management");
  if (!m) return;
  const r = await m.setResult(ref(association, 7), d.octets(new TextEncoder().encode(password)));
  run.expect(r.ok && r.value === 0, `Management client: SET ${association.obis} attribute 7`, "accepted", r.ok ? `refused with ${dataAccessResultName(r.value)}` : r.error.message, { client: "management" });
  const again = await env.sessions.connect(client.id, {});
  run.expect(again.ok, `${client.name}: association with the password written`, "accepted", again.ok ? "" : again.error.message, { client: client.id });
  if (again.ok) await again.value.release();
};

/** SEC-KEY-004: the Management client transfers the master key in force again; it is accepted and, where logged, recorded. */
export const masterKeyTransfer: TProcedure = async (env, run) => {
  const cause = causeOf(env, "master-key-changed");
  const logged = loggedEvent(env, "master-key-changed");
  if (!cause) {
    run.notRun("master key transfer", "the Management client has no security setup on which it may run key_transfer");
    return;
  }
  if (logged) {
    await causeAndFind(env, run, cause, [logged]);
    return;
  }
  const error = await cause.run(env);
  run.expect(error === null, cause.what, "accepted", error ?? "");
};
