import type { Counters, MessageId } from "@reliable-channel/interfaces";

/** What the crash test observed across every life of participant A (and of B, which never crashes). */
export class World {
  /** Ids whose `send` resolved in A, with A's send number. */
  readonly aSent = new Map<MessageId, number>();
  /** Ids B's `send` resolved. */
  readonly bSent = new Set<MessageId>();
  /** Deliveries to A's app (handler entries), across restarts, in order. */
  readonly aDelivered: MessageId[] = [];
  /** Deliveries to B's app, in order. */
  readonly bDelivered: MessageId[] = [];
  /** Ids A's storage held as handled at some start (delivered, even if its app never saw them). */
  readonly aHandledOnDisk = new Set<MessageId>();
  /** The counters A found on disk at each start. */
  readonly counters: Counters[] = [];
  /** Where the kills fell. */
  readonly kills = new Map<string, number>();
  /** Broken promises, as readable lines. */
  readonly violations: string[] = [];
  /** A's next send number. */
  nextSend = 1;

  /** Records what A found on disk at a start; its counters must never be below the previous start's. */
  recordRestart(found: Counters & { readonly handled: readonly MessageId[] }): void {
    for (const id of found.handled) this.aHandledOnDisk.add(id);
    const counters = { lamportTimestamp: found.lamportTimestamp, sequence: found.sequence };
    const previous = this.counters.at(-1);
    if (previous !== undefined && counters.lamportTimestamp < previous.lamportTimestamp) {
      this.violations.push(`Lamport went back: ${previous.lamportTimestamp} → ${counters.lamportTimestamp}`);
    }
    if (previous !== undefined && counters.sequence < previous.sequence) {
      this.violations.push(`sequence went back: ${previous.sequence} → ${counters.sequence}`);
    }
    this.counters.push(counters);
  }

  /** Records a delivery to an app; a second delivery of an id is a violation. */
  recordDelivery(to: "A" | "B", messageId: MessageId): void {
    const list = to === "A" ? this.aDelivered : this.bDelivered;
    if (list.includes(messageId)) this.violations.push(`${to} delivered ${messageId.slice(0, 12)} twice`);
    list.push(messageId);
  }

  /** Counts a kill at `point`. */
  recordKill(point: string): void {
    this.kills.set(point, (this.kills.get(point) ?? 0) + 1);
  }

  /**
   * B's messages that A's storage marked handled but A's app never saw: A was killed between the commit
   * of the delivery and the `message-received` handler (the channel delivers at most once across a crash).
   */
  handledUnseen(): MessageId[] {
    const seen = new Set(this.aDelivered);
    return [...this.aHandledOnDisk].filter((id) => this.bSent.has(id) && !seen.has(id));
  }

  /**
   * Messages not (yet) delivered where they must be: A's resolved sends at B, B's sends at A (handed to its
   * app, or durably marked delivered before a kill cut the handler off).
   */
  undelivered(): string[] {
    const atB = new Set(this.bDelivered);
    const atA = new Set([...this.aDelivered, ...this.aHandledOnDisk]);
    return [
      ...[...this.aSent]
        .filter(([id]) => !atB.has(id))
        .map(([id, n]) => `A#${n} (${id.slice(0, 12)}) not at B`),
      ...[...this.bSent].filter((id) => !atA.has(id)).map((id) => `B's ${id.slice(0, 12)} not at A`),
    ];
  }
}
