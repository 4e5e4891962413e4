import type { PeerId, Stream } from "@libp2p/interface";
import { type LengthPrefixedStream, lpStream } from "it-length-prefixed-stream";
import { FILTER_PUSH_CODEC } from "./codecs.js";

/** Opens an outbound stream to a connected peer. */
export type DialProtocol = (peerId: PeerId, protocol: string, signal: AbortSignal) => Promise<Stream>;

interface PushStream {
  readonly stream: Stream;
  readonly framed: LengthPrefixedStream<Stream>;
}

/**
 * One long-lived filter-push stream per subscriber, as nwaku keeps since 0.34: @waku/sdk never closes the
 * push streams it accepts, so a stream per message would reach its limit of 100 inbound push streams per
 * connection. A stream the subscriber closes or resets is replaced by a new one on the next push.
 */
export interface PushStreams {
  /** Writes one length-prefixed frame on the peer's push stream, opening it when needed. */
  write(peerId: PeerId, frame: Uint8Array, signal: AbortSignal): Promise<void>;
  /** Closes and forgets the peer's push stream. */
  forget(peerId: PeerId): void;
}

function usable(stream: Stream): boolean {
  return (
    stream.status === "open" &&
    stream.readStatus === "ready" &&
    (stream.writeStatus === "ready" || stream.writeStatus === "writing")
  );
}

/** Creates the push-stream cache; `track` keeps background closes until the node stops. */
export function createPushStreams(dial: DialProtocol, track: (work: Promise<unknown>) => void): PushStreams {
  const streams = new Map<string, PushStream>();
  const drop = (peer: string, entry: PushStream): void => {
    if (streams.get(peer) === entry) streams.delete(peer);
    if (entry.stream.status === "open") track(entry.stream.close());
  };
  const open = async (peerId: PeerId, signal: AbortSignal): Promise<PushStream> => {
    const stream = await dial(peerId, FILTER_PUSH_CODEC, signal);
    const entry: PushStream = { stream, framed: lpStream(stream) };
    streams.set(peerId.toString(), entry);
    // The subscriber sends nothing; its source ends when it closes the stream: then let it go.
    track(
      (async () => {
        for await (const _ of stream.source);
      })().finally(() => drop(peerId.toString(), entry)),
    );
    return entry;
  };
  return {
    async write(peerId, frame, signal) {
      const cached = streams.get(peerId.toString());
      const entry = cached !== undefined && usable(cached.stream) ? cached : await open(peerId, signal);
      try {
        await entry.framed.write(frame, { signal });
      } catch (error) {
        entry.stream.abort(error instanceof Error ? error : new Error(String(error)));
        drop(peerId.toString(), entry);
        throw error;
      }
    },
    forget(peerId) {
      const entry = streams.get(peerId.toString());
      if (entry !== undefined) drop(peerId.toString(), entry);
    },
  };
}
