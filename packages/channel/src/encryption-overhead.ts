import type { Encryption, Logger } from "@reliable-channel/interfaces";

/** Plaintext sizes {@link encryptionOverhead} encrypts when an encryption does not declare its overhead. */
export const OVERHEAD_PROBE_SIZES: readonly number[] = [1, 1_024];

/**
 * The bytes `encryption` adds to a plaintext: as declared (`overheadBytes`), else measured once by
 * encrypting {@link OVERHEAD_PROBE_SIZES} zero-filled plaintexts: the largest growth, plus the spread
 * between the growths when they differ (a scheme that pads adds a varying amount). 0 without encryption,
 * and 0 (with a warning) when a probe fails.
 *
 * Why measure: `send` refuses a message whose ciphertext would not fit the transport before anything is
 * stored. A message refused only by the transport, after it was logged and numbered, is named by the
 * sender's next messages, and receivers would wait for it until it is declared lost.
 */
export async function encryptionOverhead(
  encryption: Encryption | undefined,
  logger: Logger,
): Promise<number> {
  if (encryption === undefined) return 0;
  if (encryption.overheadBytes !== undefined) return encryption.overheadBytes;
  try {
    const growths: number[] = [];
    for (const size of OVERHEAD_PROBE_SIZES) {
      const ciphertext = await encryption.encrypt(new Uint8Array(size));
      growths.push(ciphertext.length - size);
    }
    const largest = Math.max(0, ...growths);
    return largest + (largest - Math.max(0, Math.min(...growths)));
  } catch (error) {
    logger.warn("could not measure the encryption's overhead; declare encryption.overheadBytes", {
      error: String(error),
    });
    return 0;
  }
}
