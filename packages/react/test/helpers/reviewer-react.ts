// Shared by the reviewer tests of the hooks (reviewer-lifecycle, reviewer-views): networks with their seed,
// a lifecycle recorder, and Alice's page with a component per hook.
// biome-ignore-all lint/correctness/noComponentHookFactories: components per test, recording their own renders
import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import {
  type ChannelView,
  type ReliableChannelHandle,
  type SentMessage,
  type SyncView,
  useConversation,
  useReceivedMessages,
  useReliableChannel,
  useSentMessages,
  useSyncStatus,
} from "@reliable-channel/react";
import type { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, type MemoryNetwork } from "@reliable-channel/transport-memory";
import { act } from "@testing-library/react";
import { createElement, memo, type ReactNode } from "react";

export const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);
export const text = (payload: Uint8Array): string => new TextDecoder().decode(payload);

/** Runs `body` with a memory network of `seed`; a failure names the seed. */
export async function withSeed(seed: number, body: (net: MemoryNetwork) => Promise<void>): Promise<void> {
  const net = createMemoryNetwork({ seed });
  try {
    await body(net);
  } catch (error) {
    if (error instanceof Error) error.message = `[seed ${seed}] ${error.message}`;
    throw error;
  }
}

/** Lets every pending promise continuation and due timer run, inside `act` (the clock moves by `ms`). */
export const advance = (net: MemoryNetwork, ms = 0): Promise<void> => act(() => net.clock.advanceAsync(ms));

/** A gate a test opens by hand: `create` waits on it. */
export function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export interface Lifecycle {
  readonly log: string[];
  readonly channels: ReliableChannel[];
  readonly handles: ReliableChannelHandle[];
}

/**
 * A component `Room` whose channel (participant `me`, channel `room`) is created by the hook with `deps =
 * [room]`. `create` waits on `before(call)` when given. The log records each `create` call (with how many
 * earlier calls had not ended: channel stopped, or creation or start failed), each channel made, started and
 * stopped.
 */
export function lifecycle(
  net: MemoryNetwork,
  options: {
    storage?: ReturnType<typeof memoryStorage>;
    before?: (call: number) => Promise<void>;
    beforeStart?: (call: number) => Promise<void>;
  } = {},
) {
  const state: Lifecycle = { log: [], channels: [], handles: [] };
  let calls = 0;
  const done = new Set<number>();
  const make = async (room: string, signal: AbortSignal): Promise<ReliableChannel> => {
    const call = ++calls;
    // Earlier calls whose channel is not stopped yet (or whose creation has not ended).
    const open = Array.from({ length: call - 1 }, (_, i) => i + 1).filter((c) => !done.has(c)).length;
    state.log.push(`create ${call} ${room} (open: ${open})`);
    try {
      await options.before?.(call);
    } catch (error) {
      done.add(call);
      throw error;
    }
    const channel = await createReliableChannel({
      channelId: "room",
      participantId: "alice",
      transport: net.transport("alice") ?? net.join("alice"),
      clock: net.clock,
      autoStart: false,
      ...(options.storage === undefined ? {} : { storage: options.storage }),
    });
    state.channels.push(channel);
    state.log.push(`made ${call}${signal.aborted ? " (aborted)" : ""}`);
    const stop = channel.stop.bind(channel);
    const start = channel.start.bind(channel);
    Object.assign(channel, {
      start: async () => {
        state.log.push(`start ${call}`);
        try {
          await options.beforeStart?.(call);
          await start();
        } catch (error) {
          done.add(call); // a failed start leaves the channel stopped
          throw error;
        }
        state.log.push(`started ${call}`);
      },
      stop: async () => {
        await stop();
        done.add(call);
        state.log.push(`stopped ${call}`);
      },
    });
    return channel;
  };
  function Room({ room }: { readonly room: string }): ReactNode {
    const handle = useReliableChannel((signal) => make(room, signal), [room]);
    state.handles.push(handle);
    return createElement("p", null, handle.status);
  }
  return { state, Room, calls: () => calls, ended: () => done.size };
}

/** Every channel made is stopped (or never started). */
export const allStopped = (channels: readonly ReliableChannel[]) =>
  channels.map((c) => c.state).filter((s) => s !== "stopped" && s !== "idle");

/** Alice's page on `net` (bob and carol already there): a component per hook, each counting its renders. */
export function page(net: MemoryNetwork, members?: readonly string[]) {
  const count = { received: 0, sent: 0, sync: 0, conversation: 0, page: 0 };
  const out: {
    view?: ChannelView;
    received: string[];
    sent: readonly SentMessage[];
    sync?: SyncView | undefined;
    conversation: string[];
    send?: (payload: Uint8Array) => Promise<string>;
  } = { received: [], sent: [], conversation: [] };
  const Received = memo(function Received({ view }: { readonly view: ChannelView | undefined }) {
    count.received += 1;
    out.received = useReceivedMessages(view).map((m) => `${m.senderId}:${text(m.payload)}`);
    return null;
  });
  const Sent = memo(function Sent({ view }: { readonly view: ChannelView | undefined }) {
    count.sent += 1;
    const { messages, send } = useSentMessages(view);
    out.sent = messages;
    out.send = send;
    return null;
  });
  const Sync = memo(function Sync({ view }: { readonly view: ChannelView | undefined }) {
    count.sync += 1;
    out.sync = useSyncStatus(view);
    return null;
  });
  const Conversation = memo(function Conversation({ view }: { readonly view: ChannelView | undefined }) {
    count.conversation += 1;
    out.conversation = useConversation(view).map((e) =>
      e.own ? `me:${text(e.message.payload)}` : `${e.message.senderId}:${text(e.message.payload)}`,
    );
    return null;
  });
  function Page(): ReactNode {
    count.page += 1;
    const { view } = useReliableChannel(
      () =>
        createReliableChannel({
          channelId: "room",
          participantId: "alice",
          transport: net.transport("alice") ?? net.join("alice"),
          clock: net.clock,
          autoStart: false,
          ...(members === undefined ? {} : { members }),
        }),
      [],
    );
    if (view !== undefined) out.view = view;
    return [Received, Sent, Sync, Conversation].map((Part, i) => createElement(Part, { key: i, view }));
  }
  return { Page, count, out };
}

export async function peer(
  net: MemoryNetwork,
  id: string,
  members?: readonly string[],
): Promise<ReliableChannel> {
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: id,
    transport: net.transport(id) ?? net.join(id),
    clock: net.clock,
    autoStart: false,
    ...(members === undefined ? {} : { members }),
  });
  await channel.start();
  return channel;
}
