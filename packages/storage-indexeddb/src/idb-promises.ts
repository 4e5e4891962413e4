/**
 * IndexedDB requests and transactions as promises: the little of `idb` this package used, in a few lines.
 * A request issued in a promise continuation of another one's result keeps the transaction alive (the
 * continuation runs in the same task, before the transaction commits), so `await` works inside a transaction.
 */

/** The result of `request` once it succeeds; its error when it fails. */
export function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Resolves when `tx` commits; rejects with its error when it fails or is aborted. Ask for it before the
 * transaction can finish (right after creating it).
 */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = () => reject(tx.error ?? new DOMException("AbortError", "AbortError"));
    tx.oncomplete = () => resolve();
    tx.onerror = fail;
    tx.onabort = fail;
  });
}
