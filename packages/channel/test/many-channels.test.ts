import type { StoredPayload, Transport } from "@reliable-channel/interfaces";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryTransport,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type ReliableChannel, type SharedClock, sharedClock } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text } from "./helpers/group.js";
import { type Recorder, record } from "./helpers/recorder.js";

const ROOMS = 40;
const MESSAGES = 3;

/**
 * `inner`, counting the `retrieve` calls the channels make on it and the store requests their range queries
 * make (one at the start, one more per page after the first).
 */
function counting(inner: MemoryTransport): {
  transport: Transport;
  lookups: () => number;
  pages: () => number;
} {
  let lookups = 0;
  let pages = 0;
  async function* counted(source: AsyncIterable<readonly StoredPayload[]>) {
    pages++;
    let first = true;
    for await (const page of source) {
      if (!first) pages++;
      first = false;
      yield page;
    }
  }
  const transport: Transport = {
    start: () => inner.start(),
    stop: () => inner.stop(),
    publish: (bytes, options) => inner.publish(bytes, options),
    subscribe: (listener) => inner.subscribe(listener),
    retrieve: (hints, options) => {
      lookups++;
      return inner.retrieve(hints, options);
    },
    queryRange: (range, options) => counted(inner.queryRange(range, options)),
    connectivity: inner.connectivity,
    retention: inner.retention,
    maxPayloadBytes: inner.maxPayloadBytes,
  };
  return { transport, lookups: () => lookups, pages: () => pages };
}

interface Peer {
  readonly clock: SharedClock;
  readonly lookups: () => number;
  readonly pages: () => number;
  readonly channels: {
    readonly room: string;
    readonly channel: ReliableChannel;
    readonly recorder: Recorder;
  }[];
}

describe("many channels on one memory transport", () => {
  it(`${ROOMS} rooms, each peer's channels on one transport and one clock: every message delivered once in order, other rooms' messages ignored quietly, lookups shared, one timer per peer`, async () => {
    const seed = Number(process.env.MANY_CHANNELS_SEED ?? 4242);
    const network = createMemoryNetwork({ seed, loss: 0.2, storeLookupWindowMs: 50 });
    const join = async (id: string): Promise<Peer> => {
      const { transport, lookups, pages } = counting(network.join(id));
      const clock = sharedClock(network.clock);
      const channels = [];
      for (let i = 0; i < ROOMS; i++) {
        const room = `room-${i}`;
        const channel = await createReliableChannel({
          channelId: room,
          participantId: id,
          transport,
          clock,
          random: createSeededRandom(seed * 1_000 + i + (id === "alice" ? 0 : ROOMS)),
        });
        channels.push({ room, channel, recorder: record(channel) });
      }
      return { clock, lookups, pages, channels };
    };
    const [alice, bob] = [await join("alice"), await join("bob")];
    try {
      for (let m = 0; m < MESSAGES; m++)
        for (const { room, channel } of bob.channels) await channel.send(text(`${room}/${m}`));
      const received = (recorder: Recorder) => recorder.of("message-received");
      const done = () => alice.channels.every(({ recorder }) => received(recorder).length >= MESSAGES);

      let sampled = false;
      await drive(network.clock, 600_000, 50, () => {
        // Every channel of a peer has timers pending, all driven by one timer of the network's clock.
        if (!sampled && alice.clock.pending >= ROOMS) {
          expect(alice.clock.armed, `seed ${seed}`).toBe(1);
          sampled = true;
        }
        return done();
      });

      expect(done(), `seed ${seed}`).toBe(true);
      expect(sampled, `seed ${seed}`).toBe(true);
      for (const { room, recorder } of alice.channels) {
        const texts = received(recorder).map((event) => new TextDecoder().decode(event.payload));
        expect(texts, `seed ${seed}`).toEqual(Array.from({ length: MESSAGES }, (_, m) => `${room}/${m}`));
      }
      for (const { recorder } of [...alice.channels, ...bob.channels])
        expect(recorder.of("message-dropped"), `seed ${seed}`).toEqual([]);
      // Losses were looked up, and the lookups of many channels shared store requests.
      const lookups = alice.lookups() + bob.lookups();
      const lookupRequests = network.stats().storeRequests - alice.pages() - bob.pages();
      expect(lookups, `seed ${seed}`).toBeGreaterThan(ROOMS / 4);
      expect(lookupRequests, `seed ${seed}`).toBeGreaterThan(0);
      expect(lookupRequests, `seed ${seed}`).toBeLessThanOrEqual(lookups / 3);
    } finally {
      await Promise.all([...alice.channels, ...bob.channels].map(({ channel }) => channel.stop()));
    }
  }, 60_000);
});
