import { createMemoryNetwork } from "@reliable-channel/transport-memory";

const network = createMemoryNetwork({ seed: 7 });
const alice = network.join("alice");
const bob = network.join("bob");
bob.connectivity.onChange((online) => console.log("bob online:", online));
await Promise.all([alice.start(), bob.start()]); // bob online: true

// Bob's laptop is closed for an hour; the transport says so, and he misses what Alice publishes.
network.setOffline("bob", true); // bob online: false
const closedAt = network.clock.now();
for (const text of ["one", "two", "three"]) {
  await alice.publish(new TextEncoder().encode(text));
  network.clock.advance(20 * 60_000);
}
network.setOffline("bob", false); // bob online: true

// Back online, he asks the store for everything stored since he went away, two per page, oldest first.
for await (const page of bob.queryRange({ from: closedAt, to: network.clock.now() }, { pageSize: 2 })) {
  console.log("page:", page.map(({ bytes }) => new TextDecoder().decode(bytes)).join(", "));
}
