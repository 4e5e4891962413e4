import type { ReliableChannel } from "@reliable-channel/channel";
import { startParticipant } from "./child-process.js";
import type { Hub } from "./hub.js";
import type { ChildMessage } from "./protocol.js";
import type { World } from "./world.js";

/** What one life of participant A needs. */
export interface LifeInit {
  readonly world: World;
  readonly hub: Hub;
  /** Participant B, in this process. */
  readonly b: ReliableChannel;
  readonly bundle: string;
  readonly directory: string;
  readonly random: () => number;
  /** SIGKILL A at its `killAt`-th kill point; undefined = the final life, which ends once all is delivered. */
  readonly killAt?: number;
  /** In the final life: how many more messages A sends. */
  readonly finalSends?: number;
}

/**
 * Runs one life of A: starts it, has it send message after message (B sends every third time), and either
 * SIGKILLs it at the chosen kill point — every gate (before a commit, in a publish, in the app's handler) and
 * every notification (after a commit, after `send` resolved, at delivery) is one — or, in the final life, waits
 * until every resolved send is delivered everywhere. Resolves when A is gone.
 */
export function live(init: LifeInit): Promise<void> {
  const { world, hub, b, killAt } = init;
  let points = 0;
  let killed = false;
  let sendsLeft = init.finalSends ?? Number.POSITIVE_INFINITY;
  let unsubscribe: (() => void) | undefined;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const participant = startParticipant(init.bundle, init.directory, (message) => onMessage(message));
  const kill = (point: string): boolean => {
    points++;
    if (killed || killAt === undefined || points !== killAt) return false;
    killed = true;
    world.recordKill(point);
    void participant.kill();
    return true;
  };
  const checkFinished = (): void => {
    if (killAt === undefined && sendsLeft <= 0 && world.undelivered().length === 0) resolveDone();
  };
  const offB = b.on("message-received", checkFinished);
  const sendNext = (): void => {
    if (sendsLeft-- <= 0) checkFinished();
    else participant.send({ t: "send", n: world.nextSend++ });
  };

  function onMessage(message: ChildMessage): void {
    if (killed) return;
    switch (message.t) {
      case "restarted":
        world.recordRestart(message);
        return;
      case "ready":
        unsubscribe = hub.subscribe((bytes, hint) => participant.send({ t: "deliver", bytes, hint }));
        sendNext();
        return;
      case "gate":
        onGate(message);
        return;
      case "committed":
        kill("after a commit");
        return;
      case "sent":
        world.aSent.set(message.messageId, message.n);
        if (kill("after send resolved")) return;
        // B sends too (every third time), except in the final life, whose end condition must stay fixed.
        if (message.n % 3 === 0 && killAt !== undefined)
          void b.send(new TextEncoder().encode(`B@${message.n}`)).then((id) => world.bSent.add(id));
        sendNext();
        return;
      case "delivered":
        world.recordDelivery("A", message.messageId);
        kill("at delivery");
        checkFinished();
        return;
      case "retrieve":
        participant.send({ t: "retrieved", id: message.id, payloads: hub.retrieve(message.hints) });
        return;
    }
  }

  function onGate(message: Extract<ChildMessage, { t: "gate" }>): void {
    const publishFirst = message.kind === "publish" && init.random() < 0.5;
    if (publishFirst && message.bytes !== undefined) {
      const hint = hub.publish(message.bytes);
      if (kill("published, before the publish returned")) return;
      participant.send({ t: "go", id: message.id, hint });
      return;
    }
    if (kill(message.kind === "publish" ? "before publishing" : message.kind)) return;
    const hint =
      message.kind === "publish" && message.bytes !== undefined ? hub.publish(message.bytes) : undefined;
    participant.send(hint === undefined ? { t: "go", id: message.id } : { t: "go", id: message.id, hint });
  }

  void done.then(() => participant.kill());
  return participant.exited.then(() => {
    unsubscribe?.();
    offB();
    if (!killed && killAt !== undefined) world.violations.push(`A exited before kill point ${killAt}`);
  });
}
