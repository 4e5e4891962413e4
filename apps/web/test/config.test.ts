import { expect, it } from "vitest";
import { participantFromUrl } from "../src/config.js";

/** A sessionStorage stand-in. */
function session(): Pick<Storage, "getItem" | "setItem"> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

it("reads the roster from `members`, dropping empty names; none without it", () => {
  expect(participantFromUrl({ search: "?me=alice&room=r&members=alice,,bob,carol" }, session())).toEqual({
    me: "alice",
    room: "r",
    members: ["alice", "bob", "carol"],
  });
  expect(participantFromUrl({ search: "?me=alice" }, session())).toEqual({ me: "alice", room: "lobby" });
  expect(participantFromUrl({ search: "?me=alice&members=" }, session())).toEqual({
    me: "alice",
    room: "lobby",
  });
});
