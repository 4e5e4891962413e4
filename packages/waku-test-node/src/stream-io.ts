import type { Stream } from "@libp2p/interface";
import { lpStream } from "it-length-prefixed-stream";
import type { Uint8ArrayList } from "uint8arraylist";

/** Largest request frame accepted (bytes): above nwaku's 150 KiB message cap plus framing. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** The one request-response exchange every Waku req/resp protocol does on a stream. */
export interface RequestExchange {
  /** Reads the single length-prefixed request. */
  read(): Promise<Uint8ArrayList>;
  /** Writes the length-prefixed response and closes the stream. */
  respond(bytes: Uint8Array): Promise<void>;
}

/** Wraps an inbound stream for one request and one response, bounded by `signal`. */
export function requestExchange(stream: Stream, signal: AbortSignal): RequestExchange {
  const framed = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES });
  return {
    read: () => framed.read({ signal }),
    respond: async (bytes) => {
      await framed.write(bytes, { signal });
      await stream.close({ signal });
    },
  };
}
