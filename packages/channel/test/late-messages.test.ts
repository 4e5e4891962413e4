import { describe, expect, it } from "vitest";
import type { SdsCoreOptions } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { createGroup, text } from "./helpers/group.js";

const SEED = 41;

/**
 * p0 writes `late` while cut off from p1 and p2, who then exchange more messages than a causal history
 * holds (so `late`'s Lamport timestamp sorts below every later history's newest entries). p0 heals with p1
 * only: p1 receives `late` late; p2 never receives it directly, and can only learn of it from p1's causal
 * histories (then fetch it from the store).
 */
async function lateMessageScenario(sds: SdsCoreOptions | undefined) {
  const { network, members } = await createGroup({
    seed: SEED,
    size: 3,
    channel: { retryBaseDelayMs: 1_000, retryMaxDelayMs: 4_000, ...(sds === undefined ? {} : { sds }) },
  });
  const [p0, p1, p2] = members;
  if (p0 === undefined || p1 === undefined || p2 === undefined) throw new Error("group");
  await p0.channel.send(text("before"));
  await drive(network.clock, 3_000);
  network.partition(["p0"], ["p1", "p2"]);
  const late = await p0.channel.send(text("late"));
  await drive(network.clock, 1_000);
  for (let i = 0; i < 30; i += 1) {
    await (i % 2 === 0 ? p1 : p2).channel.send(text(`chat ${i}`));
    await drive(network.clock, 200);
  }
  await drive(network.clock, 3_000);
  network.heal();
  network.partition(["p0"], ["p2"]);
  await drive(network.clock, 10_000, 50, () =>
    p1.recorder.of("message-received").some((e) => e.messageId === late),
  );
  await p1.channel.send(text("after"));
  await drive(network.clock, 20_000);
  await Promise.all(members.map((m) => m.channel.stop()));
  const has = (events: readonly { readonly messageId: string }[]) => events.some((e) => e.messageId === late);
  return {
    p1Delivered: has(p1.recorder.of("message-received")),
    p2Delivered: has(p2.recorder.of("message-received")),
    p2Missing: p2.recorder.of("missing").some((e) => e.missing.some((entry) => entry.messageId === late)),
    p2Retrieved: has(p2.recorder.of("retrieved")),
  };
}

describe(`late messages (seed ${SEED})`, () => {
  it("a message delivered late to one participant reaches one that never received it directly, via causal history and the store", async () => {
    const outcome = await lateMessageScenario(undefined);
    expect(outcome).toEqual({ p1Delivered: true, p2Delivered: true, p2Missing: true, p2Retrieved: true });
  });

  it("only syncs naming it: the participant that missed it learns of it and fetches it", async () => {
    const outcome = await lateMessageScenario({ recentlyLoggedHistorySize: 0 });
    expect(outcome).toEqual({ p1Delivered: true, p2Delivered: true, p2Missing: true, p2Retrieved: true });
  });

  it("control: with no extra entries in content messages or syncs nobody names it, so the participant that missed it never learns of it", async () => {
    const outcome = await lateMessageScenario({
      recentlyLoggedHistorySize: 0,
      syncRecentlyLoggedHistorySize: 0,
    });
    expect(outcome).toEqual({ p1Delivered: true, p2Delivered: false, p2Missing: false, p2Retrieved: false });
  });
});
