import { createPrng } from "@reliable-channel/test-kit";

/** Seed of the bootstrap, printed with its intervals so that a run can be recomputed. */
export const RATIO_INTERVAL_SEED = 109;
/** Bootstrap resamples per interval. */
export const RATIO_INTERVAL_RESAMPLES = 2_000;

/** A p50 ratio with its bootstrap interval. */
export interface RatioInterval {
  /** p50(numerator) / p50(denominator) of the samples as measured. */
  readonly ratio: number;
  /** 2.5th and 97.5th percentiles of the ratio over the resamples. */
  readonly low: number;
  readonly high: number;
  /** True when the rounds were resampled together (equal lengths: sample i of both came from round i). */
  readonly paired: boolean;
}

/** The `p`th percentile as the bench reports it: the element at index ⌊p/100 · n⌋ of the sorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The bench's p50: the element at index ⌊n/2⌋ of the sorted values. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The ratio of two series' p50s with a 95% percentile-bootstrap interval. The bench samples its systems
 * round-robin, so sample i of each series was taken in the same round, under the same machine load: when
 * both series have every round, rounds are resampled together (a paired bootstrap), which keeps what the
 * load did to both out of the interval. Otherwise each series is resampled on its own.
 *
 * Deterministic: the resampling is seeded ({@link RATIO_INTERVAL_SEED} by default).
 */
export function ratioInterval(
  numerator: readonly number[],
  denominator: readonly number[],
  options: { readonly seed?: number; readonly resamples?: number } = {},
): RatioInterval {
  const ratio = median(numerator) / median(denominator);
  if (numerator.length === 0 || denominator.length === 0) {
    return { ratio, low: Number.NaN, high: Number.NaN, paired: false };
  }
  const random = createPrng(options.seed ?? RATIO_INTERVAL_SEED);
  const resamples = options.resamples ?? RATIO_INTERVAL_RESAMPLES;
  const paired = numerator.length === denominator.length;
  const pick = (n: number): number => Math.floor(random() * n);
  const ratios: number[] = [];
  const top = new Array<number>(numerator.length);
  const bottom = new Array<number>(denominator.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < top.length; i++) {
      const k = pick(numerator.length);
      top[i] = numerator[k] ?? Number.NaN;
      if (paired) bottom[i] = denominator[k] ?? Number.NaN;
    }
    if (!paired)
      for (let i = 0; i < bottom.length; i++) bottom[i] = denominator[pick(denominator.length)] ?? Number.NaN;
    ratios.push(median(top) / median(bottom));
  }
  ratios.sort((x, y) => x - y);
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] ?? 0;
  return { ratio, low: at(0.025), high: at(0.975), paired };
}

/** `1.27x (95% 1.22–1.31)`; `n/a` when a series had no samples. */
export function formatRatio(interval: RatioInterval): string {
  const { ratio, low, high } = interval;
  if (!Number.isFinite(ratio)) return "n/a";
  if (!Number.isFinite(low) || !Number.isFinite(high)) return `${ratio.toFixed(2)}x`;
  return `${ratio.toFixed(2)}x (95% ${low.toFixed(2)}–${high.toFixed(2)})`;
}
