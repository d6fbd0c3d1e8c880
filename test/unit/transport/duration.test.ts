import { describe, expect, test } from "vitest";
import { formatDuration } from "@/lib/transport/duration";

describe("formatDuration", () => {
  test("writes milliseconds below a second and seconds from there", () => {
    expect(formatDuration(800)).toBe("800 ms");
    expect(formatDuration(5000)).toBe("5 s");
    expect(formatDuration(1500)).toBe("1.5 s");
  });
});
