import { createReliableChannel } from "@reliable-channel/channel";
import { rateLimited } from "@reliable-channel/rate-limit";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";

// A memory network on a virtual clock stands in for Waku here; any Transport works (wakuTransport(...)).
const network = createMemoryNetwork({ seed: 1 });
const { clock } = network;

// At most 10 publishes per 10 s epoch (an RLN membership's rate): the rest waits for its slot.
const transport = rateLimited(network.join("alice"), { messagesPerEpoch: 10, epochMs: 10_000 }, { clock });
transport.on("queue-waiting", ({ nextSlotAt }) =>
  console.log(`waiting until +${nextSlotAt - clock.now()} ms`),
);
transport.on("queue-drained", ({ waitedMs }) => console.log(`drained after ${waitedMs} ms`));
transport.on("ephemeral-dropped", ({ reason }) => console.log(`ephemeral dropped: quota ${reason}`));

const alice = await createReliableChannel({ channelId: "room", participantId: "alice", transport, clock });
// Each send resolves once the message is durable in the outbox; publishing follows at the quota's pace.
for (let i = 0; i < 25; i++) await alice.send(new TextEncoder().encode(`message ${i}`));
await alice.sendEphemeral(new TextEncoder().encode("typing…")).catch(() => {}); // shed first

await clock.runUntilIdleAsync({ maxTimeMs: 20_000 });
console.log(`published this epoch: ${transport.usage().used} of ${transport.usage().messagesPerEpoch}`);
await alice.stop();
