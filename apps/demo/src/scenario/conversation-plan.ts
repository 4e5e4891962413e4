import type { Random } from "@reliable-channel/interfaces";

/** One thing the scenario does at a point of the run clock. */
export type PlanAction =
  /** Participant `sender` (index) sends the `index`-th message of the conversation. */
  | { readonly type: "send"; readonly sender: number; readonly index: number }
  /** The participant crashes: its node goes away abruptly and its channel object is dropped. */
  | { readonly type: "crash"; readonly participant: number }
  /** The crashed participant restarts from its durable storage with a new node and a new channel. */
  | { readonly type: "restart"; readonly participant: number }
  /** The participant loses the network: nothing reaches it, its publishes fail. */
  | { readonly type: "offline"; readonly participant: number }
  /** The participant is back on the network and must catch up. */
  | { readonly type: "online"; readonly participant: number };

/** An action and when it happens (ms on the run clock since the conversation started). */
export interface PlanStep {
  readonly at: number;
  readonly action: PlanAction;
}

/** What {@link planConversation} needs. */
export interface ConversationPlanInit {
  readonly participants: number;
  readonly messages: number;
  /** Time between two sends (ms). */
  readonly gapMs: number;
  /** Seeded source for who speaks. */
  readonly random: Random;
}

/** The participant (index) that crashes and restarts from durable storage. */
export const CRASHING_PARTICIPANT = 1;
/** The participant (index) that goes offline and returns (only with three or more participants). */
export const OFFLINE_PARTICIPANT = 2;

/** When faults happen, as fractions of the conversation's length. */
export const FAULT_WINDOWS = {
  crash: 0.25,
  restart: 0.5,
  offline: 0.4,
  online: 0.75,
} as const;

/**
 * The script of a run: `messages` sends spaced `gapMs` apart, each by a random participant that is up
 * (a crashed participant cannot send; an offline one can — its outbox publishes once it is back), with
 * participant 2 crashing and restarting and participant 3 going offline and returning part-way.
 * Steps are in time order; the same random source gives the same plan.
 */
export function planConversation(init: ConversationPlanInit): PlanStep[] {
  const length = init.messages * init.gapMs;
  const at = (fraction: number): number => Math.round(length * fraction);
  const faults: PlanStep[] = [
    { at: at(FAULT_WINDOWS.crash), action: { type: "crash", participant: CRASHING_PARTICIPANT } },
    { at: at(FAULT_WINDOWS.restart), action: { type: "restart", participant: CRASHING_PARTICIPANT } },
  ];
  if (init.participants > OFFLINE_PARTICIPANT) {
    faults.push(
      { at: at(FAULT_WINDOWS.offline), action: { type: "offline", participant: OFFLINE_PARTICIPANT } },
      { at: at(FAULT_WINDOWS.online), action: { type: "online", participant: OFFLINE_PARTICIPANT } },
    );
  }
  const sends: PlanStep[] = [];
  for (let index = 0; index < init.messages; index++) {
    const time = index * init.gapMs;
    const crashed = time >= at(FAULT_WINDOWS.crash) && time < at(FAULT_WINDOWS.restart);
    let sender = Math.floor(init.random.next() * init.participants);
    if (crashed && sender === CRASHING_PARTICIPANT) sender = 0;
    sends.push({ at: time, action: { type: "send", sender, index } });
  }
  // Faults first at equal times, so a send at the crash instant is not made by the crashing participant.
  return [...faults, ...sends].sort((a, b) => a.at - b.at);
}
