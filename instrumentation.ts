/**
 * When the server starts: answers the methods Next.js cannot take (see forbidden-methods.ts),
 * opens the database, so migrations are applied before the first request (and a second server
 * on the same embedded database stops here, saying which process holds it), and starts the
 * document render workers and the draft status worker, so the first PDF and the first saves do
 * not pay their start-up.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { refuseUnconstructibleMethods } = await import("./lib/server/forbidden-methods");
    refuseUnconstructibleMethods();
    const { getDatabase } = await import("./lib/server/db");
    const { DataFolderLockedError } = await import("./lib/server/data-lock");
    try {
      await getDatabase();
    } catch (e) {
      if (!(e instanceof DataFolderLockedError)) throw e;
      console.error(`error: ${e.message}`);
      process.exit(1);
    }
    const { warmRenderPool } = await import("./lib/documents/render");
    warmRenderPool({ warmUp: true });
    const { warmDraftStatus } = await import("./lib/server/draft-status");
    warmDraftStatus();
  }
}
