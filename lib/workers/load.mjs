// Loads one of the project's TypeScript modules in a worker thread, which starts as plain Node. The
// fast way is a bundle built by esbuild (one file, our code only; packages stay in node_modules)
// and reused while its sources are unchanged: a worker is ready in about half the time tsx takes
// to compile the sources on the fly. Without esbuild, or when the build fails, tsx it is.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import process from "node:process";
import { threadId } from "node:worker_threads";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const CACHE = join(ROOT, "node_modules", ".cache", "prime-plus");
/** Part of every bundle's manifest: bump it when the build options below change. */
const FORMAT = 1;

const mtimes = (files) => Object.fromEntries(files.map((file) => [file, statSync(join(ROOT, file)).mtimeMs]));

function freshBundle(bundle, manifest) {
  try {
    const saved = JSON.parse(readFileSync(manifest, "utf8"));
    if (saved.format !== FORMAT) return false;
    const now = mtimes(Object.keys(saved.inputs));
    return Object.entries(saved.inputs).every(([file, mtime]) => now[file] === mtime);
  } catch {
    return false;
  }
}

/** Writes under a temporary name, then renames: workers starting together never read half a file. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

async function buildBundle(entry, bundle, manifest) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outfile: bundle,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // The sources' times before writing: a file saved during the build makes the bundle stale, not wrong.
  const inputs = mtimes(Object.keys(result.metafile.inputs));
  mkdirSync(CACHE, { recursive: true });
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(manifest, JSON.stringify({ format: FORMAT, inputs }, null, 1));
}

async function importWithTsx(entry) {
  const { register } = await import("tsx/esm/api");
  const { register: registerCommonJs } = await import("tsx/cjs/api");
  // Both loaders: the project's .ts files are CommonJS (its package.json has no "type"), except in
  // lib/documents/engine/, whose package.json makes them ES modules.
  register();
  registerCommonJs();
  return import(pathToFileURL(entry).href);
}

/** The module at `file` (a path from the project's root, such as `lib/…/jobs.ts`), from its bundle when possible. */
export async function loadWorkerModule(file) {
  const entry = join(ROOT, file);
  const name = basename(file).replace(/\.tsx?$/, "");
  const bundle = join(CACHE, `${name}.mjs`);
  const manifest = join(CACHE, `${name}.json`);
  try {
    if (!freshBundle(bundle, manifest)) await buildBundle(entry, bundle, manifest);
    return await import(pathToFileURL(bundle).href);
  } catch {
    return importWithTsx(entry);
  }
}
