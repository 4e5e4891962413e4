import { describe, expect, it } from "vitest";
import {
  lip243,
  MalformedSegmentError,
  type Segment,
  SegmentCountMismatchError,
  SegmentHashMismatchError,
  SegmentIndexError,
  SegmentSet,
  statusGo,
  TooManySegmentsError,
} from "../src/index.js";
import { vectorPayload } from "./vectors.js";

const profile = lip243({ segmentSizeBytes: 320, parityRate: 0.25 });
const payload = vectorPayload(1000); // 6 data + 2 parity of 192 bytes
const decoded = profile.split(payload).segments.map((b) => profile.decode(b));
const segments: Segment[] = decoded.filter((s): s is Segment => s !== undefined);
const seg = (i: number): Segment => {
  const s = segments[i];
  if (s === undefined) throw new Error(`no segment ${i}`);
  return s;
};
/** A segment re-framed with some fields changed and decoded again, as a receiver would see it. */
const forged =
  (base: Segment, change: Partial<Segment>, p = profile) =>
  () =>
    p.decode(p.encode({ ...base, ...change }));

describe("bad segments are refused with typed errors", () => {
  it("counts over 256", () => {
    expect(forged(seg(0), { dataCount: 300 })).toThrow(TooManySegmentsError);
    expect(forged(seg(0), { dataCount: 100, parityCount: 157 })).toThrow(TooManySegmentsError);
    expect(forged(seg(0), { dataCount: 100, parityCount: 156 })).not.toThrow();
  });

  it("an index out of range of its class", () => {
    expect(forged(seg(0), { index: 6 })).toThrow(SegmentIndexError);
    expect(forged(seg(6), { index: 2 })).toThrow(SegmentIndexError);
    const sg = statusGo({ segmentSize: 100 });
    const parity = sg.decode(sg.split(vectorPayload(1000)).segments[10] ?? new Uint8Array(0));
    if (parity === undefined) throw new Error("no parity segment");
    expect(forged(parity, { index: 1 }, sg)).toThrow(SegmentIndexError);
  });

  it("malformed bytes, a hash that is not 32 bytes, a payload over the segment size", () => {
    expect(() => profile.decode(Uint8Array.of(0x0a, 0x20, 1, 2))).toThrow(MalformedSegmentError);
    expect(() => profile.decode(Uint8Array.of(0x07))).toThrow(MalformedSegmentError);
    expect(forged(seg(0), { hash: new Uint8Array(31) })).toThrow(MalformedSegmentError);
    expect(forged(seg(0), { dataCount: 0 })).toThrow(MalformedSegmentError);
    expect(forged(seg(0), { payload: new Uint8Array(321) })).toThrow(MalformedSegmentError);
  });

  it("counts that disagree with the siblings'", () => {
    const set = new SegmentSet(profile, seg(0));
    set.add(seg(0));
    const liar = { ...seg(1), dataCount: 7 };
    expect(() => set.add(liar)).toThrow(SegmentCountMismatchError);
    expect(() => set.add({ ...seg(6), parityCount: 3 })).toThrow(SegmentCountMismatchError);
    expect(set.received).toBe(1);
  });

  it("status-go: parity counts that disagree, a data count that disagrees with the one learnt", () => {
    const sg = statusGo({ segmentSize: 100 });
    const all = sg.split(vectorPayload(2000)).segments.map((b) => sg.decode(b)); // 20 data + 2 parity
    const [p0, p1] = [all[20], all[21]];
    const d0 = all[0];
    if (p0 === undefined || p1 === undefined || d0 === undefined) throw new Error("missing segments");
    const set = new SegmentSet(sg, p0);
    set.add(p0);
    expect(() => set.add({ ...p1, parityCount: 3 })).toThrow(SegmentCountMismatchError);
    expect(() => set.add({ ...d0, dataCount: 21 })).not.toThrow();
    expect(() => set.add({ ...d0, index: 3, dataCount: 20 })).toThrow(SegmentCountMismatchError);
  });

  it("a payload whose hash does not match: tampered data, or tampered parity used to rebuild", () => {
    const tampered = (s: Segment): Segment => ({
      ...s,
      payload: s.payload.map((b, i) => (i === 0 ? b ^ 1 : b)),
    });
    const direct = new SegmentSet(profile, seg(0));
    for (let i = 0; i < 6; i++) direct.add(i === 3 ? tampered(seg(i)) : seg(i));
    expect(direct.ready).toBe(true);
    expect(() => direct.reassemble()).toThrow(SegmentHashMismatchError);

    const rebuilt = new SegmentSet(profile, seg(0));
    for (let i = 1; i < 8; i++) rebuilt.add(i === 6 ? tampered(seg(i)) : seg(i));
    expect(rebuilt.missingData).toBe(1);
    expect(() => rebuilt.reassemble()).toThrow(SegmentHashMismatchError);
  });

  it("a wrong original length groups into another set; a set refuses it", () => {
    const other = { ...seg(1), originalLength: 999 };
    const set = new SegmentSet(profile, seg(0));
    expect(() => set.add(other)).toThrow(SegmentCountMismatchError);
  });
});
