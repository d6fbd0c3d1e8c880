/**
 * When the server starts: opens the database, so migrations are applied before the first
 * request, and starts the document render workers, so the first PDF does not pay their start-up.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getDatabase } = await import("./lib/server/db");
    await getDatabase();
    const { warmRenderPool } = await import("./lib/documents/render");
    warmRenderPool({ warmUp: true });
  }
}
