import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { compactBloom, createSdsCore, type SdsCore } from "@reliable-channel/sds";
import { createSdsRepair, type SdsRepair, type SdsRepairInit } from "@reliable-channel/sds-repair";
import { createPrng, type Prng, sample, uniformInt } from "../prng.js";
import { DeliveryQueue } from "./delivery-queue.js";

/** Options of {@link simulateRepair}. Every option but `seed` is optional. */
export interface RepairSimulationInit {
  /** The seed: the same seed replays the same run exactly. */
  readonly seed: number;
  /** Participants in the channel. @default 100 */
  readonly participants?: number;
  /** Fraction of the other participants for which the first message is lost. @default 1/3 */
  readonly lostFraction?: number;
  /** One-way latency of each delivery, uniform in `[min, max]` (ms). @default { min: 20, max: 250 } */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Repair options shared by every participant (participant id and count are set by the simulation). */
  readonly repair?: Omit<SdsRepairInit, "participantId" | "participantCount">;
  /**
   * Whether the original sender goes offline right after sending (so others must answer). @default false
   */
  readonly originOffline?: boolean;
  /** Virtual time after which the run stops even if repairs are still pending (ms). @default 3_600_000 */
  readonly maxTimeMs?: number;
}

/** What one simulated run measured. */
export interface RepairSimulationReport {
  readonly seed: number;
  readonly participants: number;
  /** Distinct messages lost (1 in this scenario). */
  readonly lostMessages: number;
  /** Participants that did not receive the lost message first hand. */
  readonly lostFor: number;
  /** Participants that never delivered the lost message (empty when repair worked). */
  readonly undelivered: readonly string[];
  /** Repair-request entries for the lost message put on the wire, by everyone. */
  readonly requests: number;
  /** Rebroadcasts of the lost message (repair responses), by everyone. */
  readonly responses: number;
  /** The most rebroadcasts of the lost message sent by a single participant. */
  readonly maxResponsesByOneParticipant: number;
  /** Virtual time from the loss being detected to the last participant delivering it (ms). */
  readonly repairTimeMs: number;
}

interface Peer {
  readonly id: string;
  readonly core: SdsCore;
  readonly repair: SdsRepair;
  responses: number;
  hasIt: boolean;
}

type Broadcast = (bytes: Uint8Array, now: number, drop?: ReadonlySet<number>) => void;

const CHANNEL = "sds-repair-simulation";
const DETECTION_AT = 5_000;
/** Repair does not depend on the bloom profile; the compact one keeps 100-participant runs fast. */
const BLOOM = compactBloom();

/**
 * Runs the SDS-R scenario of issue 3 on virtual time: a participant sends a message that is lost for a
 * third of the others; a bit later another participant sends a message that depends on it, so they find it
 * missing; each participant then runs its `createSdsCore` + `createSdsRepair` as a facade would (send a sync when
 * requests are due, publish what `due()` returns) until nothing is pending. Synchronous and deterministic.
 */
export function simulateRepair(init: RepairSimulationInit): RepairSimulationReport {
  const prng = createPrng(init.seed);
  const n = init.participants ?? 100;
  const latency = init.latencyMs ?? { min: 20, max: 250 };
  const peers = createPeers(n, init.repair ?? {});
  const net = new DeliveryQueue();
  const [origin = 0, follower = 1] = sample(prng, range(n), 2);
  const offline = init.originOffline === true ? origin : -1;
  const broadcast: Broadcast = (bytes, now, drop = new Set()) => {
    for (let to = 0; to < n; to++) {
      if (!drop.has(to) && to !== offline)
        net.push(now + uniformInt(prng, latency.min, latency.max), to, bytes);
    }
  };

  const others = range(n).filter((i) => i !== origin && i !== follower);
  const lost = new Set(sample(prng, others, Math.round((n - 1) * (init.lostFraction ?? 1 / 3))));
  const first = send(peers, origin, "the message that gets lost", prng, 0);
  broadcast(first.bytes, 0, lost);
  markHas(peers, origin);
  const lostId = first.message.messageId;

  let lastDelivery = DETECTION_AT;
  let requests = 0;
  let now = 0;
  let followed = false;
  const maxTime = init.maxTimeMs ?? 3_600_000;
  for (;;) {
    const next = nextEventAt(net, peers, offline, followed ? undefined : DETECTION_AT);
    if (next === undefined || next > maxTime) break;
    now = next;
    if (!followed && now >= DETECTION_AT) {
      followed = true;
      broadcast(send(peers, follower, "a reply that depends on it", prng, now).bytes, now);
    }
    while ((net.peekAt() ?? Number.POSITIVE_INFINITY) <= now) {
      const delivery = net.pop();
      if (delivery === undefined) break;
      const peer = peers[delivery.to];
      const result = peer?.core.receive(delivery.bytes, { now });
      if (peer !== undefined && !peer.hasIt && result?.delivered.some((m) => m.messageId === lostId)) {
        peer.hasIt = true;
        lastDelivery = now;
      }
    }
    for (let i = 0; i < n; i++) if (i !== offline) requests += runFacade(peers, i, now, lostId, broadcast);
  }
  const undelivered = peers.filter((p) => !p.hasIt).map((p) => p.id);
  return {
    seed: init.seed,
    participants: n,
    lostMessages: 1,
    lostFor: lost.size,
    undelivered,
    requests,
    responses: peers.reduce((sum, p) => sum + p.responses, 0),
    maxResponsesByOneParticipant: Math.max(...peers.map((p) => p.responses)),
    repairTimeMs: lastDelivery - DETECTION_AT,
  };
}

function createPeers(n: number, repairInit: RepairSimulationInit["repair"]): Peer[] {
  return range(n).map((i) => {
    const id = `p${String(i).padStart(3, "0")}`;
    const repair = createSdsRepair({ ...repairInit, participantId: id, participantCount: n });
    const core = createSdsCore({
      channelId: CHANNEL,
      bloom: BLOOM,
      participantId: id,
      extensions: [repair],
      lostDependencyTimeoutMs: 24 * 3_600_000,
      joinFrontier: false, // founding participants: every dependency is waited for
      joinedAt: 0,
    });
    return { id, core, repair, responses: 0, hasIt: false };
  });
}

function send(peers: readonly Peer[], from: number, text: string, prng: Prng, now: number) {
  const peer = peers[from];
  if (peer === undefined) throw new InvalidArgumentError(`no participant ${from}`);
  const nonce = Uint8Array.from({ length: 16 }, () => Math.floor(prng() * 256));
  return peer.core.send(new TextEncoder().encode(text), { now, nonce });
}

/** What a facade does at `now` for participant `i`; returns the repair-request entries for `lostId` sent. */
function runFacade(
  peers: readonly Peer[],
  i: number,
  now: number,
  lostId: string,
  broadcast: Broadcast,
): number {
  const peer = peers[i];
  if (peer === undefined) return 0;
  const at = peer.repair.nextDueAt();
  if (at === undefined || at > now) return 0;
  for (const bytes of peer.repair.due(now)) {
    peer.responses += 1;
    broadcast(bytes, now);
  }
  if (!peer.repair.hasDueRequests(now)) return 0;
  const sync = peer.core.sync({ now });
  broadcast(sync.bytes, now);
  return sync.message.repairRequest.filter((entry) => entry.messageId === lostId).length;
}

function nextEventAt(
  net: DeliveryQueue,
  peers: readonly Peer[],
  offline: number,
  pending: number | undefined,
): number | undefined {
  let next = net.peekAt() ?? pending;
  if (pending !== undefined && next !== undefined) next = Math.min(next, pending);
  for (const [i, peer] of peers.entries()) {
    const at = i === offline ? undefined : peer.repair.nextDueAt();
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

function markHas(peers: readonly Peer[], i: number): void {
  const peer = peers[i];
  if (peer !== undefined) peer.hasIt = true;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
