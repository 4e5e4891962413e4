/** What the server tells the page (`/config.json`): where the Waku service node listens. */
export interface PageConfig {
  /** The service node's websocket multiaddr, `/ip4/127.0.0.1/tcp/<port>/ws/p2p/<peer id>`. */
  readonly multiaddr: string;
  readonly clusterId: number;
  readonly numShardsInCluster: number;
}

/** The page's own settings, from its URL: `?me=<participant>&room=<channel>`. */
export interface Participant {
  readonly me: string;
  readonly room: string;
}

/** Reads `me` and `room` from the URL; without `me`, a name kept for this tab (sessionStorage). */
export function participantFromUrl(location: Location, session: globalThis.Storage): Participant {
  const params = new URLSearchParams(location.search);
  const room = params.get("room") ?? "lobby";
  let me = params.get("me") ?? session.getItem("reliable-chat:me");
  if (me === null || me === "") me = `guest-${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`;
  session.setItem("reliable-chat:me", me);
  return { me, room };
}

/** The Waku content topic of a room. */
export const contentTopicOf = (room: string): string => `/reliable-chat/1/${encodeURIComponent(room)}/proto`;
