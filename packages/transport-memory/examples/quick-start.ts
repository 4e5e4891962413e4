import { createMemoryNetwork } from "@reliable-channel/transport-memory";

// One network per test: seeded, so every run is the same. 30 % of deliveries are lost.
const network = createMemoryNetwork({ seed: 42, loss: 0.3, retentionMs: 60_000 });
const alice = network.join("alice");
const bob = network.join("bob");
bob.subscribe((bytes) => console.log("bob received:", new TextDecoder().decode(bytes)));
await Promise.all([alice.start(), bob.start()]);

// Bob goes offline and misses what Alice publishes meanwhile...
network.setOffline("bob", true);
const { retrievalHint } = await alice.publish(new TextEncoder().encode("while you were away"));
await network.settle(); // runs the virtual clock until nothing is in flight
network.setOffline("bob", false);

// ...then catches up from the store by the retrieval hint (sha256 of the bytes), within retention.
for (const { bytes } of await bob.retrieve(retrievalHint ? [retrievalHint] : [])) {
  console.log("bob retrieved:", new TextDecoder().decode(bytes));
}

// After the retention (virtual) time, the store has forgotten it.
network.clock.advance(60_000);
console.log("still stored after retention:", network.store.size > 0);
