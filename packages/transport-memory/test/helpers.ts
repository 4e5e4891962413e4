import type { MemoryNetwork, MemoryTransport } from "../src/index.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** One arrival recorded by {@link joinAll}. */
export interface Arrival {
  readonly at: number;
  readonly to: string;
  readonly text: string;
}

/** Joins and starts `ids`, recording every arrival (time, receiver, text) in one shared list. */
export async function joinAll(
  network: MemoryNetwork,
  ids: readonly string[],
): Promise<{ readonly peers: Record<string, MemoryTransport>; readonly arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  const peers: Record<string, MemoryTransport> = {};
  for (const id of ids) {
    const transport = network.join(id);
    transport.subscribe((bytes) =>
      arrivals.push({ at: network.clock.now(), to: id, text: decoder.decode(bytes) }),
    );
    await transport.start();
    peers[id] = transport;
  }
  return { peers, arrivals };
}

/** The transport of `id` (throws when missing, so tests need no non-null assertions). */
export function peer(peers: Record<string, MemoryTransport>, id: string): MemoryTransport {
  const transport = peers[id];
  if (transport === undefined) throw new Error(`no peer ${id}`);
  return transport;
}

/** The texts received by `to`, in arrival order. */
export const textsOf = (arrivals: readonly Arrival[], to: string): string[] =>
  arrivals.filter((a) => a.to === to).map((a) => a.text);
