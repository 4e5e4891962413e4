import { jsWakuWire, type WireProfile, type WireProfileName } from "@reliable-channel/sds";

/**
 * The SDS wire profile called `name`. nim-sds's (its codec, bloom wrapping, FarmHash64) is loaded when a
 * channel on that wire is created — a dynamic `import()`, so that a browser bundle for the js-waku wire
 * leaves it out (see the web app's bundle budget).
 */
export async function wireFor(name: WireProfileName): Promise<WireProfile> {
  return name === "nim-sds" ? (await import("@reliable-channel/sds/nim-sds")).nimSdsWire : jsWakuWire;
}
