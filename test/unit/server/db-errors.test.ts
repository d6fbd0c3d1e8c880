import { describe, expect, test } from "vitest";
import { refusalForDatabaseError } from "@/lib/server/db-errors";

/** The shape Prisma 7 gives a driver adapter's error (as measured on PGlite and pg). */
const prismaError = (code: string, originalCode?: string) =>
  Object.assign(new Error("Invalid invocation"), {
    code,
    meta: originalCode ? { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode, kind: "postgres", code: originalCode } } } : {},
  });

describe("refusalForDatabaseError", () => {
  test.each([
    ["a NUL in text (22P05)", prismaError("P2010", "22P05"), 400],
    ["a NUL in an id (22021)", prismaError("P2039", "22021"), 400],
    ["an integer out of range (22003)", prismaError("P2020", "22003"), 400],
    ["a unique violation (23505)", prismaError("P2002", "23505"), 409],
    ["a serialization failure (40001)", prismaError("P2034", "40001"), 409],
    ["a transaction that could not start (P2028)", prismaError("P2028"), 503],
    ["a refused connection", Object.assign(new Error("connect"), { cause: Object.assign(new Error("ECONNREFUSED"), { code: "ECONNREFUSED" }) }), 503],
    ["a server shutting down (57P01)", Object.assign(new Error("terminating connection"), { code: "57P01" }), 503],
    ["a lost connection (08006)", Object.assign(new Error("connection failure"), { code: "08006" }), 503],
  ])("%s is a %i", (_, error, status) => {
    expect(refusalForDatabaseError(error)?.status).toBe(status);
  });

  test("a busy database says when to try again", () => {
    expect(refusalForDatabaseError(prismaError("P2028"))?.retryAfterSeconds).toBeGreaterThan(0);
  });

  test("an error that is not the database's is left to the caller", () => {
    expect(refusalForDatabaseError(new TypeError("x is undefined"))).toBeNull();
    expect(refusalForDatabaseError(prismaError("P2025"))).toBeNull();
  });
});
