import type { StorageOp } from "@reliable-channel/interfaces";
import type { ChannelCore } from "./core-port.js";

/**
 * `core` with every operation's storage changes handed to `commit` as they come, before the result is
 * acted on: the channel's parts drive the core and never build the core's rows themselves.
 */
export function committingCore(core: ChannelCore, commit: (ops: readonly StorageOp[]) => void): ChannelCore {
  const changed = <T extends { readonly changes: readonly StorageOp[] }>(result: T): T => {
    if (result.changes.length > 0) commit(result.changes);
    return result;
  };
  return {
    send: (content, opts) => changed(core.send(content, opts)),
    sync: (opts) => changed(core.sync(opts)),
    ephemeral: (content, opts) => core.ephemeral(content, opts),
    receive: (bytes, opts) => changed(core.receive(bytes, opts)),
    sweep: (opts) => changed(core.sweep(opts)),
    markIrretrievable: (ids, opts) => changed(core.markIrretrievable(ids, opts)),
    recordRetrievalHint: (messageId, hint) => changed(core.recordRetrievalHint(messageId, hint)),
    wantHistoryFrom: (lamportTimestamp) => core.wantHistoryFrom(lamportTimestamp),
    missing: () => core.missing(),
    checkpoint: () => core.checkpoint(),
    get lamportTimestamp() {
      return core.lamportTimestamp;
    },
    get joinedAt() {
      return core.joinedAt;
    },
    wire: core.wire,
  };
}
