import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { WakuRoutingInfo, WakuRoutingInit } from "./routing.js";

/** Throws unless `key` is one of the allowed lengths. */
export function checkKey(label: string, key: Uint8Array, lengths: readonly number[]): void {
  if (!(key instanceof Uint8Array) || !lengths.includes(key.length)) {
    const got = key instanceof Uint8Array ? `${key.length} bytes` : typeof key;
    throw new InvalidArgumentError(`${label} must have ${lengths.join(" or ")} bytes, not ${got}`);
  }
}

/** The routing of `init`: exactly one of `node` and `routingInfo`. */
export function routingOf(init: WakuRoutingInit): WakuRoutingInfo {
  if (typeof init.contentTopic !== "string" || init.contentTopic.length === 0) {
    throw new InvalidArgumentError("contentTopic is required");
  }
  if ((init.node === undefined) === (init.routingInfo === undefined)) {
    throw new InvalidArgumentError("give exactly one of node and routingInfo");
  }
  return (
    init.routingInfo ??
    (init.node?.createEncoder({ contentTopic: init.contentTopic }).routingInfo as WakuRoutingInfo)
  );
}
