/** Opens the database when the server starts, so migrations are applied before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getDatabase } = await import("./lib/server/db");
    await getDatabase();
  }
}
