import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { sourcesHash } from "@/lib/cli/sources-hash";
import { tempDir } from "../../helpers/temp-dir";

describe("sourcesHash", () => {
  function tree() {
    const root = tempDir("sources");
    mkdirSync(join(root, "app/api"), { recursive: true });
    writeFileSync(join(root, "app/page.tsx"), "export default function Page() {}\n");
    writeFileSync(join(root, "app/api/route.ts"), "export function GET() {}\n");
    writeFileSync(join(root, "next.config.ts"), "export default {};\n");
    return root;
  }
  const sources = ["app", "next.config.ts", "proxy.ts"];

  test("is the same for the same sources, and changes with a file's content, name or a new file", () => {
    const root = tree();
    const first = sourcesHash(root, sources);
    expect(sourcesHash(root, sources)).toBe(first);
    writeFileSync(join(root, "app/page.tsx"), "export default function Page() { return null; }\n");
    const edited = sourcesHash(root, sources);
    expect(edited).not.toBe(first);
    writeFileSync(join(root, "proxy.ts"), "export function proxy() {}\n");
    expect(sourcesHash(root, sources)).not.toBe(edited);
  });

  test("ignores what the build does not read: dependencies' folders and files outside the sources", () => {
    const root = tree();
    const first = sourcesHash(root, sources);
    mkdirSync(join(root, "app/node_modules"), { recursive: true });
    writeFileSync(join(root, "app/node_modules/x.js"), "1");
    writeFileSync(join(root, "README.md"), "notes");
    expect(sourcesHash(root, sources)).toBe(first);
  });
});
