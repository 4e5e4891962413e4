import type { SyncView } from "@reliable-channel/react";

/** Sync status, missing / retrieved / lost / recovered messages, and whether the tab is offline. */
export function StatusBar({
  sync,
  online,
}: {
  readonly sync: SyncView | undefined;
  readonly online: boolean;
}) {
  const status = sync?.status.status ?? "starting";
  return (
    <header className="status" data-status={status} data-online={String(online)}>
      {online ? null : (
        <strong id="offline">This tab is offline: messages wait and go out when it is back.</strong>
      )}
      <span id="sync-status">{status}</span>
      <span id="missing" data-count={sync?.missing.length ?? 0}>
        missing {sync?.missing.length ?? 0}
      </span>
      <span id="retrieved" data-count={sync?.retrieved.length ?? 0}>
        retrieved {sync?.retrieved.length ?? 0}
      </span>
      <span id="recovered" data-count={sync?.recovered.length ?? 0}>
        recovered {sync?.recovered.length ?? 0}
      </span>
      <span id="lost" data-count={sync?.lost.length ?? 0}>
        lost {sync?.lost.length ?? 0}
      </span>
    </header>
  );
}
