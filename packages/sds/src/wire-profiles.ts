import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { nimSdsWire } from "./nim-sds-wire.js";
import { jsWakuWire, type WireProfile, type WireProfileName } from "./wire-profile.js";

/** Every wire profile by name. */
export const WIRE_PROFILES: Readonly<Record<WireProfileName, WireProfile>> = Object.freeze({
  "js-waku": jsWakuWire,
  "nim-sds": nimSdsWire,
});

/**
 * The wire profile called `name`.
 * @throws InvalidArgumentError for an unknown name.
 */
export function wireProfile(name: WireProfileName): WireProfile {
  const profile = Object.hasOwn(WIRE_PROFILES, name) ? WIRE_PROFILES[name] : undefined;
  if (profile === undefined) {
    throw new InvalidArgumentError(
      `wireProfile must be one of ${Object.keys(WIRE_PROFILES).join(", ")}, got ${String(name)}`,
    );
  }
  return profile;
}
