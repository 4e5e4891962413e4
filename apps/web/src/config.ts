/** What the server tells the page (`/config.json`): where the Waku service node listens. */
export interface PageConfig {
  /** The service node's websocket multiaddr, `/ip4/127.0.0.1/tcp/<port>/ws/p2p/<peer id>`. */
  readonly multiaddr: string;
  readonly clusterId: number;
  readonly numShardsInCluster: number;
}

/** The page's own settings, from its URL: `?me=<participant>&room=<channel>&members=<a,b,c>`. */
export interface Participant {
  readonly me: string;
  readonly room: string;
  /** The room's roster, when the URL gives one: each own message then shows who has seen it. */
  readonly members?: readonly string[];
}

/** Reads `me` and `room` from the URL; without `me`, a name kept for this tab (sessionStorage). */
export function participantFromUrl(
  location: Pick<Location, "search">,
  session: Pick<globalThis.Storage, "getItem" | "setItem">,
): Participant {
  const params = new URLSearchParams(location.search);
  const room = params.get("room") ?? "lobby";
  let me = params.get("me") ?? session.getItem("reliable-chat:me");
  if (me === null || me === "") me = `guest-${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`;
  session.setItem("reliable-chat:me", me);
  const members = params
    .get("members")
    ?.split(",")
    .filter((id) => id !== "");
  return members === undefined || members.length === 0 ? { me, room } : { me, room, members };
}

/** The Waku content topic of a room. */
export const contentTopicOf = (room: string): string => `/reliable-chat/1/${encodeURIComponent(room)}/proto`;
