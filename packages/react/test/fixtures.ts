import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { Storage } from "@reliable-channel/interfaces";
import { createMemoryNetwork, type MemoryNetwork } from "@reliable-channel/transport-memory";
import { act } from "@testing-library/react";

/** A memory network on a virtual clock; every test prints nothing random beyond its fixed seed. */
export function network(seed = 1): MemoryNetwork {
  return createMemoryNetwork({ seed });
}

/** An unstarted channel (`autoStart: false`) of `participantId` on `net`, on the network's clock. */
export function channelOf(
  net: MemoryNetwork,
  participantId: string,
  storage?: Storage,
): Promise<ReliableChannel> {
  const transport = net.transport(participantId) ?? net.join(participantId);
  return createReliableChannel({
    channelId: "room",
    participantId,
    transport,
    clock: net.clock,
    autoStart: false,
    ...(storage === undefined ? {} : { storage }),
  });
}

/** Runs the network's virtual clock for `ms` inside React's `act`, so renders it causes are flushed. */
export function advance(net: MemoryNetwork, ms: number): Promise<void> {
  return act(() => net.clock.advanceAsync(ms));
}

export const text = (payload: Uint8Array): string => new TextDecoder().decode(payload);
export const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);
