import { InvalidArgumentError } from "@reliable-channel/interfaces";

/** The active partitions of a network: pairs of peer groups that cannot reach each other (internal). */
export class Partitions {
  readonly #cuts: { readonly a: ReadonlySet<string>; readonly b: ReadonlySet<string> }[] = [];

  /** Cuts every link between a peer of `groupA` and a peer of `groupB` (both directions). */
  add(groupA: readonly string[], groupB: readonly string[]): void {
    const a = new Set(groupA);
    const b = new Set(groupB);
    for (const peer of b) {
      if (a.has(peer))
        throw new InvalidArgumentError(`peer "${peer}" cannot be on both sides of a partition`);
    }
    this.#cuts.push({ a, b });
  }

  /** Removes every partition. */
  clear(): void {
    this.#cuts.length = 0;
  }

  /** Whether `from` and `to` are separated by some partition. */
  separated(from: string, to: string): boolean {
    for (const { a, b } of this.#cuts) {
      if ((a.has(from) && b.has(to)) || (a.has(to) && b.has(from))) return true;
    }
    return false;
  }
}
