import type { Clock, ParticipantId, Storage, Transport } from "@reliable-channel/interfaces";

/** One incarnation of a participant's network access (a new one after a crash). */
export interface ParticipantConnection {
  readonly transport: Transport;
  /** Cuts the network away at once, as a crash would (no goodbye, in-flight requests fail). */
  sever(): Promise<void>;
  /** Releases the connection after its channel stopped (e.g. stops the Waku light node). */
  close(): Promise<void>;
}

/**
 * Where a run happens: the memory network on virtual time, or real Waku light nodes on the wall clock.
 * The scenario is written once against this.
 */
export interface DemoEnvironment {
  /** One line for people: what the participants talk over. */
  readonly description: string;
  /** The clock the channels run on. */
  readonly clock: Clock;
  /** Whether the run clock is virtual (memory) rather than the wall clock. */
  readonly virtualTime: boolean;
  /** Milliseconds since the environment was created, on its clock. */
  now(): number;
  /** Joins the network as `participantId`; called again after a crash. */
  connect(participantId: ParticipantId): Promise<ParticipantConnection>;
  /**
   * The participant's storage for one incarnation. `durable` storage keeps what was committed across a
   * crash (SQLite on disk on Waku; a kept memory volume on the memory network).
   */
  openStorage(participantId: ParticipantId, durable: boolean): Storage;
  /** Whether faults can be injected into deliveries to this participant (false on a real Waku network). */
  readonly canTakeOffline: boolean;
  /** Takes the participant off the network or brings it back. */
  setOffline(participantId: ParticipantId, offline: boolean): void;
  /** Resolves when the run clock reaches `at` (ms since creation); at once when it is past. */
  sleepUntil(at: number): Promise<void>;
  /**
   * Resolves `true` once `done()` holds (checked whenever `wake` is called and as time passes), or `false`
   * when `timeoutMs` of run time pass first.
   */
  waitFor(done: () => boolean, onWake: (wake: () => void) => () => void, timeoutMs: number): Promise<boolean>;
  /** Releases everything the environment started (nodes, files). */
  close(): Promise<void>;
}
