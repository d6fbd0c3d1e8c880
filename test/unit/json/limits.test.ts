import { describe, expect, test } from "vitest";
import { findJsonProblem } from "@/lib/json/limits";

const nested = (depth: number): unknown => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);

describe("findJsonProblem", () => {
  test("a realistic draft has no problem", () => {
    expect(findJsonProblem({ revision: 3, draft: { values: { contact: { name: "Zoë Ñúñez 😀", company: "Énergie" }, list: [1, 2, 3] } } })).toBeNull();
  });

  test("a NUL in a value is named by its JSON path", () => {
    expect(findJsonProblem(JSON.parse('{"draft":{"values":{"contact":{"name":"a\\u0000b"}}}}'))).toEqual({ path: "draft.values.contact.name", message: expect.stringContaining("NUL") });
  });

  test("a NUL or a lone surrogate in a key is refused too", () => {
    expect(findJsonProblem(JSON.parse('{"a":{"k\\u0000":1}}'))?.path).toBe("a.k\u0000");
    expect(findJsonProblem(JSON.parse('{"a":[{"\\udc00":1}]}'))?.message).toMatch(/surrogate/);
  });

  test("lone surrogates are refused, surrogate pairs are kept", () => {
    expect(findJsonProblem(JSON.parse('["\\ud800"]'))).toEqual({ path: "0", message: expect.stringContaining("surrogate") });
    expect(findJsonProblem(JSON.parse('["x\\udfffy"]'))?.path).toBe("0");
    expect(findJsonProblem(JSON.parse('["\\ud83d\\ude00"]'))).toBeNull();
  });

  test("nesting is bounded at 64 levels, without overflowing the stack at 10,000", () => {
    expect(findJsonProblem(nested(64))).toBeNull();
    expect(findJsonProblem(nested(65))?.message).toMatch(/64 levels/);
    expect(findJsonProblem(nested(10_000))?.message).toMatch(/64 levels/);
  });

  test("too many keys, elements or values are refused", () => {
    const limits = { maxDepth: 64, maxKeys: 3, maxElements: 4, maxNodes: 10 };
    expect(findJsonProblem({ a: 1, b: 2, c: 3, d: 4 }, limits)?.message).toMatch(/3 keys/);
    expect(findJsonProblem({ a: [1, 2, 3, 4, 5] }, limits)).toEqual({ path: "a", message: "has more than 4 elements" });
    expect(findJsonProblem([[1, 2, 3], [1, 2, 3], [1, 2, 3]], limits)?.message).toMatch(/10 values/);
  });
});
