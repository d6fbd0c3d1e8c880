import { createConnection, createServer } from "node:net";

// Below Linux's default ephemeral range (32768-60999), so outgoing connections of other tests do
// not take the ports between the check and the peer's own bind.
const LOWEST = 20_000;
const HIGHEST = 32_000;

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    // The Gurux meter binds INADDR_ANY, so check the same address.
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => done(true)));
  });
}

/**
 * A base port P such that P .. P+count-1 were all free a moment ago. Another process may still take
 * one before the caller binds: callers retry with a new range when their server fails to start.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST - count));
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await canListen(p);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free TCP ports found between ${LOWEST} and ${HIGHEST}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:port now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => {
      socket.destroy();
      done(false);
    });
  });
}
