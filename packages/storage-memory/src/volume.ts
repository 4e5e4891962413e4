import { type ChannelId, InvalidArgumentError } from "@reliable-channel/interfaces";
import { ChannelData } from "./channel-data.js";

/**
 * The "disk" of {@link memoryStorage}: channel states that outlive a `Storage` instance, so a test can
 * simulate a restart by closing one storage and opening another over the same volume. Opaque.
 */
export interface MemoryVolume {
  /** The ids of the channels that have state on this volume. */
  channelIds(): readonly ChannelId[];
}

interface VolumeState {
  readonly channels: Map<ChannelId, ChannelData>;
  /** Channels with an open handle (from any storage over this volume). */
  readonly locked: Set<ChannelId>;
}

const states = new WeakMap<MemoryVolume, VolumeState>();

/**
 * Creates an empty {@link MemoryVolume}.
 *
 * @example
 * ```ts
 * const volume = createMemoryVolume();
 * const before = memoryStorage({ volume });
 * // ... commit, then "restart":
 * await before.close();
 * const after = memoryStorage({ volume }); // sees everything `before` committed
 * ```
 */
export function createMemoryVolume(): MemoryVolume {
  const state: VolumeState = { channels: new Map(), locked: new Set() };
  const volume: MemoryVolume = Object.freeze({ channelIds: () => [...state.channels.keys()] });
  states.set(volume, state);
  return volume;
}

/** The internals of a volume made by {@link createMemoryVolume} (package-private). */
export function volumeState(volume: MemoryVolume): VolumeState {
  const state = states.get(volume);
  if (state === undefined) throw new InvalidArgumentError("not a volume made by createMemoryVolume()");
  return state;
}

/** The state of one channel on a volume, created empty on first use (package-private). */
export function channelData(state: VolumeState, channelId: ChannelId): ChannelData {
  let data = state.channels.get(channelId);
  if (data === undefined) {
    data = new ChannelData();
    state.channels.set(channelId, data);
  }
  return data;
}
