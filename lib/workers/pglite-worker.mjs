// Entry of the embedded database's thread (see lib/server/pglite-thread.ts): PGlite runs here and
// speaks the PostgreSQL wire protocol over the port, so that its work (a third of a busy
// server's time) leaves the thread that answers requests, and the server reaches both databases
// through the same client.
//
// PGlite is one session; several connections share it. Each connection's messages are run in
// units that leave the session as they found it: the startup message, a simple query ('Q'), or an
// extended query up to its Sync ('S'), so no connection's unnamed statement or portal is replaced
// by another's halfway. While a connection has a transaction open, only its units run.
import { Buffer } from "node:buffer";
import process from "node:process";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const SIMPLE_QUERY = 0x51;
const SYNC = 0x53;
const TERMINATE = 0x58;

const db = new PGlite(workerData.dataDir);
await db.waitReady;

/** Per connection: bytes not yet making a whole message, and the messages of the unit being received. */
const connections = new Map();
/** The connection whose transaction is open. */
let owner = null;
/** Units in arrival order: { connection, messages } or { connection, end: true }. */
const queue = [];
let working = false;

/** The length of the first whole message in `bytes`, or 0 when it is still incomplete. */
function firstMessageLength(bytes, startup) {
  if (startup) return bytes.length >= 4 && bytes.length >= bytes.readInt32BE(0) ? bytes.readInt32BE(0) : 0;
  return bytes.length >= 5 && bytes.length >= 1 + bytes.readInt32BE(1) ? 1 + bytes.readInt32BE(1) : 0;
}

function received(connection, data) {
  let state = connections.get(connection);
  if (!state) {
    state = { bytes: Buffer.alloc(0), started: false, unit: [] };
    connections.set(connection, state);
  }
  state.bytes = state.bytes.length ? Buffer.concat([state.bytes, data]) : Buffer.from(data);
  for (let length = firstMessageLength(state.bytes, !state.started); length > 0; length = firstMessageLength(state.bytes, !state.started)) {
    const message = new Uint8Array(state.bytes.subarray(0, length));
    state.bytes = state.bytes.subarray(length);
    const type = state.started ? message[0] : null;
    state.started = true;
    state.unit.push(message);
    if (type === null || type === SIMPLE_QUERY || type === SYNC || type === TERMINATE) {
      queue.push({ connection, messages: state.unit });
      state.unit = [];
    }
  }
  void work();
}

function nextUnit() {
  if (owner === null) return queue.shift();
  const index = queue.findIndex((unit) => unit.connection === owner);
  return index === -1 ? undefined : queue.splice(index, 1)[0];
}

/** One fresh buffer of all chunks: it is transferred, so it must not be a slice of Node's shared pool. */
function joined(chunks) {
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return data;
}

async function run(unit) {
  const chunks = [];
  const collect = { onRawData: (chunk) => chunks.push(chunk.slice()) };
  try {
    for (const message of unit.messages) {
      // A Terminate says goodbye for its own connection only: the session goes on for the others.
      if (message[0] === TERMINATE && message.length === 5) continue;
      await db.runExclusive(() => db.execProtocolRawStream(message, collect));
    }
  } catch (e) {
    parentPort.postMessage({ kind: "failed", connection: unit.connection, error: e instanceof Error ? e.message : String(e?.message ?? e) });
    return;
  }
  owner = db.isInTransaction() ? unit.connection : null;
  const data = joined(chunks);
  if (data.length > 0) parentPort.postMessage({ kind: "bytes", connection: unit.connection, data }, [data.buffer]);
}

async function work() {
  if (working) return;
  working = true;
  try {
    for (let unit = nextUnit(); unit; unit = nextUnit()) {
      if (!unit.end) {
        await run(unit);
        continue;
      }
      connections.delete(unit.connection);
      if (owner === unit.connection) {
        owner = null;
        if (db.isInTransaction()) await db.exec("ROLLBACK");
      }
    }
  } finally {
    working = false;
  }
}

parentPort.on("message", async (message) => {
  if (message.kind === "bytes") return received(message.connection, message.data);
  if (message.kind === "end") {
    queue.push({ connection: message.connection, end: true });
    return void work();
  }
  if (message.kind === "close") {
    await db.close();
    process.exit(0);
  }
});
parentPort.postMessage({ kind: "ready" });
