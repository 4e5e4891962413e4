import { StorageError } from "@reliable-channel/interfaces";

/**
 * Wraps an IndexedDB failure (a `DOMException` such as `QuotaExceededError`, `VersionError` or
 * `UnknownError`) in a {@link StorageError} with the original as `cause`; storage errors pass through.
 */
export function toStorageError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = error instanceof Error ? error.name : "Error";
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError(`${what}: ${name}: ${detail}`, { cause: error });
}
