import type { Encryption, PublishKind, Transport } from "@reliable-channel/interfaces";

/** What an {@link EnvelopePublisher} uses. */
export interface EnvelopePublisherComponents {
  readonly transport: Pick<Transport, "publish" | "maxPayloadBytes">;
  readonly encryption: Encryption | undefined;
  /** Aborts when the session stops: a publish under way is abandoned. */
  readonly signal: AbortSignal;
}

/** Options of an {@link EnvelopePublisher}. */
export interface EnvelopePublisherInit {
  /** What the encryption adds to an envelope (bytes). */
  readonly encryptionOverheadBytes: number;
}

/** Publishes encoded SDS envelopes of one session: encrypted when configured, on the session's transport. */
export interface EnvelopePublisher {
  /**
   * Encrypts (when configured) and publishes `bytes`; `kind` tells a rate limit manager in front of the
   * transport what they are. Resolves with the transport's retrieval hint, if any.
   */
  publish(bytes: Uint8Array, kind: PublishKind): Promise<Uint8Array | undefined>;
  /** The most bytes an SDS envelope may take now: the transport's limit less what encryption adds. */
  envelopeLimit(): number | undefined;
}

/** Creates the {@link EnvelopePublisher} of a session. */
export function envelopePublisher(
  components: EnvelopePublisherComponents,
  init: EnvelopePublisherInit,
): EnvelopePublisher {
  const { transport, encryption, signal } = components;
  return {
    async publish(bytes, kind) {
      const payload = encryption === undefined ? bytes : await encryption.encrypt(bytes);
      signal.throwIfAborted();
      const result = await transport.publish(payload, { signal, kind });
      return result.retrievalHint;
    },
    envelopeLimit() {
      const limit = transport.maxPayloadBytes;
      if (limit === undefined || !Number.isFinite(limit)) return undefined;
      return Math.max(1, Math.floor(limit) - init.encryptionOverheadBytes);
    },
  };
}
