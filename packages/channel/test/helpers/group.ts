import type { Encryption, Storage } from "@reliable-channel/interfaces";
import { type SdsRepairFactory, sdsRepair } from "@reliable-channel/sds-repair";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
  type MemoryNetworkInit,
} from "@reliable-channel/transport-memory";
import { createReliableChannel, type ReliableChannel, type ReliableChannelInit } from "../../src/index.js";
import { type Recorder, record } from "./recorder.js";

/** A participant of a test group. */
export interface Member {
  readonly id: string;
  readonly channel: ReliableChannel;
  readonly recorder: Recorder;
}

/** Options of {@link createGroup}. */
export interface GroupInit {
  readonly seed: number;
  readonly size: number;
  readonly network?: Omit<MemoryNetworkInit, "seed">;
  /** `true`: `sdsRepair()` for every member; a function: the member's plug-in factory. */
  readonly repair?: boolean | ((id: string) => SdsRepairFactory);
  readonly encryption?: Encryption;
  readonly storage?: (id: string) => Storage;
  readonly channel?: Partial<Omit<ReliableChannelInit, "participantId" | "transport">>;
}

/** `size` started channels `p0`, `p1`, … on one seeded memory network with a virtual clock. */
export async function createGroup(init: GroupInit): Promise<{ network: MemoryNetwork; members: Member[] }> {
  const network = createMemoryNetwork({ seed: init.seed, ...init.network });
  const members: Member[] = [];
  for (let i = 0; i < init.size; i += 1) {
    const id = `p${i}`;
    const channel = await createReliableChannel({
      channelId: "test-channel",
      participantId: id,
      transport: network.join(id),
      clock: network.clock,
      random: createSeededRandom(init.seed * 1_000 + i + 1),
      ...repairOf(init.repair, id),
      ...(init.encryption === undefined ? {} : { encryption: init.encryption }),
      ...(init.storage === undefined ? {} : { storage: init.storage(id) }),
      ...init.channel,
    });
    members.push({ id, channel, recorder: record(channel) });
  }
  return { network, members };
}

function repairOf(repair: GroupInit["repair"], id: string): { repair?: SdsRepairFactory } {
  if (repair === true) return { repair: sdsRepair() };
  return typeof repair === "function" ? { repair: repair(id) } : {};
}

/** Encodes a string payload. */
export const text = (value: string): Uint8Array => new TextEncoder().encode(value);
/** Decodes a string payload. */
export const untext = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
