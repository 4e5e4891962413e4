import type { MessageId } from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import { createSeededRandom, type MemoryNetwork } from "@reliable-channel/transport-memory";
import { drive } from "./drive.js";
import { createGroup, type Member, text } from "./group.js";

/** A deterministic simulation: who sends when, which faults, for how long. */
export interface ScenarioInit {
  readonly seed: number;
  readonly participants: number;
  readonly messages: number;
  /** Messages are sent at even intervals over this window (ms). */
  readonly sendWindowMs: number;
  readonly loss: number;
  readonly duplication: number;
  readonly reorder: number;
  /** The first half of the participants is cut off from the second half during [fromMs, toMs). */
  readonly partition?: { readonly fromMs: number; readonly toMs: number };
  /** One participant is offline during [fromMs, toMs) (it sends nothing then). */
  readonly offline?: { readonly member: number; readonly fromMs: number; readonly toMs: number };
  readonly retentionMs: number;
  /** Virtual time to run after the send window (ms). */
  readonly settleMs: number;
  readonly repair: boolean;
  readonly causalHistorySize?: number;
}

/** What a scenario run produced. */
export interface ScenarioRun {
  readonly network: MemoryNetwork;
  readonly members: readonly Member[];
  /** Sender of every message accepted by `send`. */
  readonly sentBy: ReadonlyMap<MessageId, string>;
  /** When (ms since the start) every message was accepted by `send`. */
  readonly sentAt: ReadonlyMap<MessageId, number>;
  /** Causal history of every content message published. */
  readonly deps: ReadonlyMap<MessageId, readonly MessageId[]>;
  /** Timers left on the virtual clock once every channel stopped. */
  readonly pendingAfterStop: number;
}

/** Runs `init` to the end and stops every channel. */
export async function runScenario(init: ScenarioInit): Promise<ScenarioRun> {
  const { network, members } = await createGroup({
    seed: init.seed,
    size: init.participants,
    repair: init.repair,
    network: {
      retentionMs: init.retentionMs,
      loss: init.loss,
      duplication: init.duplication,
      reorder: init.reorder,
    },
    channel:
      init.causalHistorySize === undefined
        ? {}
        : { sds: { joinFrontier: false, causalHistorySize: init.causalHistorySize } },
  });
  const deps = recordDeps(network);
  const sentBy = new Map<MessageId, string>();
  const sentAt = new Map<MessageId, number>();
  const start = network.clock.now();
  scheduleFaults(network, members, init, start);
  scheduleSends(network, members, init, start, (id, sender) => {
    sentBy.set(id, sender);
    sentAt.set(id, network.clock.now() - start);
  });
  const done = () => sentBy.size === init.messages && complete(members, sentBy);
  await drive(network.clock, init.sendWindowMs, 100);
  await drive(network.clock, init.settleMs, 100, done);
  await drive(network.clock, 5_000, 100);
  await Promise.all(members.map((member) => member.channel.stop()));
  await network.settle();
  return { network, members, sentBy, sentAt, deps, pendingAfterStop: network.clock.pending() };
}

/** Whether every member delivered every other member's messages and saw its own acknowledged. */
function complete(members: readonly Member[], sentBy: ReadonlyMap<MessageId, string>): boolean {
  const others = (id: string) => [...sentBy.values()].filter((sender) => sender !== id).length;
  return members.every((member) => {
    const own = sentBy.size - others(member.id);
    return (
      member.recorder.of("message-received").length === others(member.id) &&
      member.recorder.of("acknowledged").length === own
    );
  });
}

/** Records the causal history of every content message published on `network`, by message id. */
export function recordDeps(network: MemoryNetwork): Map<MessageId, readonly MessageId[]> {
  const deps = new Map<MessageId, readonly MessageId[]>();
  network.events.on("published", ({ retrievalHint }) => {
    const stored = network.store.get(retrievalHint);
    if (stored === undefined) return;
    const message = decodeSdsMessage(stored.bytes);
    if (message.content === undefined || message.lamportTimestamp === undefined) return;
    deps.set(
      message.messageId,
      message.causalHistory.map((entry) => entry.messageId),
    );
  });
  return deps;
}

function scheduleFaults(
  network: MemoryNetwork,
  members: readonly Member[],
  init: ScenarioInit,
  start: number,
): void {
  const at = (ms: number, action: () => void) =>
    network.clock.setTimeout(action, start + ms - network.clock.now());
  const { partition, offline } = init;
  if (partition !== undefined) {
    const half = Math.floor(members.length / 2);
    const ids = members.map((member) => member.id);
    at(partition.fromMs, () => network.partition(ids.slice(0, half), ids.slice(half)));
    at(partition.toMs, () => network.heal());
  }
  if (offline !== undefined) {
    const id = members[offline.member]?.id ?? "";
    at(offline.fromMs, () => network.setOffline(id, true));
    at(offline.toMs, () => network.setOffline(id, false));
  }
}

function scheduleSends(
  network: MemoryNetwork,
  members: readonly Member[],
  init: ScenarioInit,
  start: number,
  onSent: (id: MessageId, sender: string) => void,
): void {
  const random = createSeededRandom(init.seed ^ 0x5eed);
  const interval = init.sendWindowMs / init.messages;
  for (let k = 0; k < init.messages; k += 1) {
    network.clock.setTimeout(
      () => {
        const online = members.filter((member) => !network.isOffline(member.id));
        const sender = online[Math.floor(random.next() * online.length)];
        if (sender === undefined) return;
        void sender.channel.send(text(`${sender.id}#${k}`)).then((id) => onSent(id, sender.id));
      },
      start + k * interval + 1 - network.clock.now(),
    );
  }
}
