import { useSyncExternalStore } from "react";
import type { ChannelView } from "./channel-view.js";

const noSubscription = (): (() => void) => () => {};

/**
 * One part of `view`, re-rendering only when that part changes (React's `useSyncExternalStore`);
 * `fallback` while there is no view.
 */
export function useViewPart<T>(
  view: ChannelView | undefined,
  part: (view: ChannelView) => T,
  fallback: T,
): T {
  const subscribe = view === undefined ? noSubscription : view.subscribe;
  const read = (): T => (view === undefined ? fallback : part(view));
  return useSyncExternalStore(subscribe, read, read);
}
