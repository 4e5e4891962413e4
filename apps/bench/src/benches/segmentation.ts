import { PayloadTooLargeError } from "@reliable-channel/interfaces";
import {
  lip243,
  type Segment,
  type SegmentationProfile,
  SegmentSet,
  statusGo,
  TooManySegmentsError,
} from "@reliable-channel/segmentation";
import { loopbackSendToDelivered } from "../segmentation/loopback.js";

const MB = 1_000_000;
/** Payload sizes, in MB. */
const SIZES = [1, 10, 50] as const;
/**
 * Payload sizes measured over loopback Waku, in MB, in segments of 100 KB. 50 MB would be 500 segments: the
 * channel refuses it in both profiles (at most 256 segments of a message, as nim-segmentation's
 * `maxTotalSegments`; a receiver drops counts over 256), and the bench prints the refusal.
 */
const LOOPBACK_SIZES = [1, 10, 50] as const;
/** The channel's default segment size (bytes); larger payloads than 256 segments of it use `LARGE_SEGMENT`. */
const SEGMENT = 100_000;
/** The segment size for payloads that 256 segments of `SEGMENT` cannot hold (over Waku's 150 KB: bench only). */
const LARGE_SEGMENT = 262_144;

interface Row {
  readonly profile: string;
  readonly mb: number;
  readonly segmentSize: number;
  readonly data: number;
  readonly parity: number;
  readonly splitMBps: number;
  readonly reassembleMBps: number;
  readonly rebuildMBps: number;
  readonly wireRatio: number;
}

function profiles(segmentSize: number): SegmentationProfile[] {
  return [statusGo({ segmentSize }), lip243({ segmentSizeBytes: segmentSize, parityRate: 0.125 })];
}

/** Reassembles from `segments`, timing decode + grouping + rebuild + hash check. */
function reassemble(profile: SegmentationProfile, wire: readonly Uint8Array[], payload: Uint8Array): number {
  const started = performance.now();
  let set: SegmentSet | undefined;
  for (const bytes of wire) {
    const segment: Segment | undefined = profile.decode(bytes);
    if (segment === undefined) throw new Error("a segment decoded as none");
    set ??= new SegmentSet(profile, segment);
    set.add(segment);
  }
  if (set === undefined || !set.ready) throw new Error("not ready");
  const out = set.reassemble();
  const ms = performance.now() - started;
  if (out.length !== payload.length) throw new Error("reassembled length differs");
  return ms;
}

function measure(profile: SegmentationProfile, mb: number, segmentSize: number): Row {
  const payload = new Uint8Array(mb * MB);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 131 + 7) % 251;
  const started = performance.now();
  const split = profile.split(payload);
  const splitMs = performance.now() - started;
  const wireBytes = split.segments.reduce((sum, s) => sum + s.length, 0);
  const allData = split.segments.slice(0, split.dataCount);
  // Parity stands in for the first `parity` data segments.
  const withLoss = split.segments.slice(split.parityCount);
  const reassembleMs = reassemble(profile, allData, payload);
  const rebuildMs = split.parityCount > 0 ? reassemble(profile, withLoss, payload) : Number.NaN;
  return {
    profile: profile.name,
    mb,
    segmentSize,
    data: split.dataCount,
    parity: split.parityCount,
    splitMBps: mb / (splitMs / 1000),
    reassembleMBps: mb / (reassembleMs / 1000),
    rebuildMBps: mb / (rebuildMs / 1000),
    wireRatio: wireBytes / payload.length,
  };
}

/**
 * Segmentation: both wire profiles at 12.5 % parity (status-go ⌊data/8⌋, LIP-243 ⌈data × 0.125⌉), payloads of
 * 1, 10 and 50 MB. Prints split + parity throughput, reassembly throughput with every data segment and with
 * parity standing in for as many lost data segments as there is parity, and segment bytes on the wire ÷ payload
 * (segment framing and parity; the SDS envelope and encryption come on top), and send → delivered time of 1, 10
 * and 50 MB over loopback Waku (real `@waku/sdk` light nodes, the loopback test node). The last line is
 * `ratio segmentation <wire bytes ÷ payload>`: the larger of the two profiles' at 10 MB (goal ≤ 1.15).
 */
export async function runSegmentationBench(print: (line: string) => void = console.log): Promise<void> {
  print("segmentation: split + parity and reassembly, parity 12.5 %, Keccak-256 included");
  const rows: Row[] = [];
  for (const mb of SIZES) {
    const segmentSize = (mb * MB) / SEGMENT > 227 ? LARGE_SEGMENT : SEGMENT;
    for (const profile of profiles(segmentSize)) {
      const row = measure(profile, mb, segmentSize);
      rows.push(row);
      print(
        `  ${row.profile.padEnd(9)} ${String(mb).padStart(2)} MB, segments of ${segmentSize} B: ` +
          `${row.data} data + ${row.parity} parity; split ${row.splitMBps.toFixed(1)} MB/s, ` +
          `reassembly ${row.reassembleMBps.toFixed(1)} MB/s, with ${row.parity} rebuilt ${row.rebuildMBps.toFixed(1)} MB/s, ` +
          `wire ÷ payload ${row.wireRatio.toFixed(3)}`,
      );
    }
  }
  print(
    "  send → delivered over loopback Waku (two light nodes and the loopback test node, segments of 100 KB):",
  );
  for (const mb of LOOPBACK_SIZES) {
    const payload = new Uint8Array(mb * MB);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 131 + 7) % 251;
    for (const profile of profiles(SEGMENT)) {
      const outcome = await loopbackSendToDelivered(profile, payload).then(
        (ms) => (Number.isNaN(ms) ? "not delivered within the guard" : `${(ms / 1000).toFixed(1)} s`),
        (error: unknown) => {
          const cause = error instanceof PayloadTooLargeError ? error.cause : error;
          if (cause instanceof TooManySegmentsError) return `refused by send (${cause.message})`;
          throw error;
        },
      );
      print(`    ${profile.name.padEnd(9)} ${String(mb).padStart(2)} MB: ${outcome}`);
    }
  }
  const at10 = rows.filter((r) => r.mb === 10).map((r) => r.wireRatio);
  print(`ratio segmentation ${Math.max(...at10).toFixed(3)}`);
}
