import type { ParticipantId, Storage } from "@reliable-channel/interfaces";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, createVirtualClock } from "@reliable-channel/transport-memory";
import type { DemoEnvironment } from "./environment.js";

/** Share of deliveries the memory network duplicates in the demo. @default 0.02 (probability) */
export const DEMO_MEMORY_DUPLICATION = 0.02;
/** Share of deliveries the memory network holds back so later ones overtake them. @default 0.05 (probability) */
export const DEMO_MEMORY_REORDER = 0.05;
/** Virtual time advanced per step while waiting for the run to finish. @default 250 (ms) */
export const MEMORY_WAIT_STEP_MS = 250;

/**
 * The deterministic environment: a seeded memory network on a virtual clock, with `loss` of deliveries
 * dropped plus a little duplication and reordering. Same seed, same run.
 */
export function createMemoryEnvironment(init: {
  readonly seed: number;
  readonly loss: number;
}): DemoEnvironment {
  const clock = createVirtualClock();
  const network = createMemoryNetwork({
    seed: init.seed,
    clock,
    loss: init.loss,
    duplication: DEMO_MEMORY_DUPLICATION,
    reorder: DEMO_MEMORY_REORDER,
  });
  const origin = clock.now();
  const volumes = new Map<ParticipantId, MemoryVolume>();
  const now = (): number => clock.now() - origin;
  const env: DemoEnvironment = {
    description: `memory network, virtual time, seed ${init.seed}`,
    clock,
    virtualTime: true,
    now,
    async connect(participantId) {
      const transport = network.transport(participantId) ?? network.join(participantId);
      network.setOffline(participantId, false);
      return {
        transport,
        sever: async () => network.setOffline(participantId, true),
        close: async () => {},
      };
    },
    openStorage(participantId): Storage {
      let volume = volumes.get(participantId);
      if (volume === undefined) {
        volume = createMemoryVolume();
        volumes.set(participantId, volume);
      }
      return memoryStorage({ volume });
    },
    canTakeOffline: true,
    setOffline: (participantId, offline) => network.setOffline(participantId, offline),
    async sleepUntil(at) {
      if (at > now()) await clock.advanceAsync(at - now());
    },
    async waitFor(done, _onWake, timeoutMs) {
      const deadline = now() + timeoutMs;
      while (!done() && now() < deadline) await clock.advanceAsync(MEMORY_WAIT_STEP_MS);
      return done();
    },
    close: async () => {},
  };
  return env;
}
