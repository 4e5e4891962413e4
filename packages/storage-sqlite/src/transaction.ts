import type { DatabaseSync } from "node:sqlite";

/** Runs `body` in one `BEGIN IMMEDIATE … COMMIT` transaction; any failure rolls everything back. */
export function transaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = body();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    rollback(db);
    throw error;
  }
}

/** Rolls back if a transaction is still open (SQLite may already have rolled back on a hard error). */
function rollback(db: DatabaseSync): void {
  try {
    db.exec("ROLLBACK");
  } catch {
    // No transaction was active any more: SQLite had already rolled it back.
  }
}
