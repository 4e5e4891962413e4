import { StorageCorruptionError } from "@reliable-channel/interfaces";
import { CHECKSUM_BYTES, type StoreManifest, sameBytes } from "./row-checksum.js";

/**
 * A running count of rows and XOR of their checksums: a commit adds the checksums of the rows it writes and
 * removes those of the rows it replaces or deletes; a load adds every row it reads and compares the result
 * with the manifest ({@link RowTally.check}).
 */
export class RowTally {
  #rows: number;
  readonly #digest: Uint8Array;

  /** Starts from a manifest's figures, or from an empty store. */
  constructor(start: Pick<StoreManifest, "rows" | "digest"> = { rows: 0, digest: new Uint8Array(32) }) {
    if (start.digest.length !== CHECKSUM_BYTES) {
      throw new StorageCorruptionError(
        `manifest digest has ${start.digest.length} bytes, not ${CHECKSUM_BYTES}`,
      );
    }
    this.#rows = start.rows;
    this.#digest = start.digest.slice();
  }

  /** How many rows are counted. */
  get rows(): number {
    return this.#rows;
  }

  /** The XOR of the counted rows' checksums (a copy). */
  get digest(): Uint8Array {
    return this.#digest.slice();
  }

  /** Counts a row in. */
  add(checksum: Uint8Array): void {
    this.#xor(checksum);
    this.#rows++;
  }

  /** Counts a row out (its checksum as stored: anything but a checksum is corruption). */
  remove(checksum: unknown): void {
    this.#xor(checksum);
    this.#rows--;
  }

  /**
   * Compares what a load read with what the manifest vouches for.
   * @throws {StorageCorruptionError} when the rows do not add up: a row is missing, extra or not the one
   *   committed last.
   */
  check(manifest: Pick<StoreManifest, "rows" | "digest">, where: string): void {
    if (this.#rows !== manifest.rows) {
      throw new StorageCorruptionError(
        `${where}: found ${this.#rows} rows where the manifest records ${manifest.rows} (rows lost or added)`,
      );
    }
    if (!sameBytes(this.#digest, manifest.digest)) {
      throw new StorageCorruptionError(
        `${where}: the rows' checksums do not add up to the manifest's (a row is not the one last committed)`,
      );
    }
  }

  #xor(checksum: unknown): void {
    if (!(checksum instanceof Uint8Array) || checksum.length !== CHECKSUM_BYTES) {
      throw new StorageCorruptionError(`a stored row checksum is not ${CHECKSUM_BYTES} bytes`);
    }
    for (let i = 0; i < CHECKSUM_BYTES; i++) this.#digest[i] = (this.#digest[i] ?? 0) ^ (checksum[i] ?? 0);
  }
}

/**
 * Compares a row's stored checksum with the one computed from its decoded content.
 * @throws {StorageCorruptionError} naming the row when they differ (or the stored one is missing).
 */
export function checkRowChecksum(stored: unknown, computed: Uint8Array, where: string): Uint8Array {
  if (!(stored instanceof Uint8Array) || !sameBytes(stored, computed)) {
    throw new StorageCorruptionError(`${where}: its checksum does not match its content`);
  }
  return computed;
}
