import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { WireProfileName } from "@reliable-channel/sds";

/**
 * A channel and its transport are set for different wire profiles, e.g. a `wireProfile: "nim-sds"` channel
 * on `wakuTransport({ wireProfile: "js-waku" })` (which neither marks its envelopes with the spec marker nor
 * takes in marked ones): the channel would publish what its peers drop, or never hear them. Thrown by
 * `createReliableChannel`; give both the same profile.
 */
export class WireProfileMismatchError extends InvalidArgumentError {
  override readonly code: string = "WIRE_PROFILE_MISMATCH";
  /** The channel's wire profile. */
  readonly channelProfile: string;
  /** The profile the transport is set for. */
  readonly transportProfile: string;

  constructor(channelProfile: string, transportProfile: string) {
    super(
      `the channel's wireProfile is "${channelProfile}" but its transport is set for "${transportProfile}"; ` +
        "give both the same wireProfile",
    );
    this.channelProfile = channelProfile;
    this.transportProfile = transportProfile;
  }
}

/**
 * Throws {@link WireProfileMismatchError} when `transport` says which wire profile it is set for
 * (`Transport.wireProfile`) and it is not `channelProfile`; a transport that does not say is not checked.
 */
export function checkWireProfile(channelProfile: WireProfileName, transport: unknown): void {
  if (typeof transport !== "object" || transport === null || !("wireProfile" in transport)) return;
  const { wireProfile } = transport as { readonly wireProfile?: unknown };
  if (wireProfile === undefined || wireProfile === channelProfile) return;
  throw new WireProfileMismatchError(channelProfile, String(wireProfile));
}
