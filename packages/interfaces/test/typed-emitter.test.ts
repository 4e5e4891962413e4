import { describe, expect, it } from "vitest";
import { TypedEmitter } from "../src/typed-emitter.js";

interface Events {
  "value-changed": number;
  closed: undefined;
}

class Emitter extends TypedEmitter<Events> {
  fire<K extends keyof Events>(type: K, detail: Events[K]): void {
    this.emit(type, detail);
  }
}

describe("TypedEmitter", () => {
  it("calls listeners in order and stops after off", () => {
    const emitter = new Emitter();
    const seen: string[] = [];
    const off = emitter.on("value-changed", (v) => seen.push(`a${v}`));
    emitter.on("value-changed", (v) => seen.push(`b${v}`));
    emitter.fire("value-changed", 1);
    off();
    emitter.fire("value-changed", 2);
    expect(seen).toEqual(["a1", "b1", "b2"]);
    expect(emitter.listenerCount("value-changed")).toBe(1);
  });

  it("once resolves with the next payload and removes itself", async () => {
    const emitter = new Emitter();
    const next = emitter.once("value-changed");
    emitter.fire("value-changed", 7);
    await expect(next).resolves.toBe(7);
    expect(emitter.listenerCount("value-changed")).toBe(0);
  });

  it("once rejects when its signal aborts", async () => {
    const emitter = new Emitter();
    const controller = new AbortController();
    const next = emitter.once("closed", { signal: controller.signal });
    controller.abort(new Error("gave up"));
    await expect(next).rejects.toThrow("gave up");
  });

  it("a throwing listener does not stop the others", async () => {
    const emitter = new Emitter();
    const seen: number[] = [];
    const errors: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (fn) => {
      try {
        fn();
      } catch (error) {
        errors.push(error);
      }
    };
    try {
      emitter.on("value-changed", () => {
        throw new Error("app bug");
      });
      emitter.on("value-changed", (v) => seen.push(v));
      emitter.fire("value-changed", 3);
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(seen).toEqual([3]);
    expect(errors).toHaveLength(1);
  });
});
