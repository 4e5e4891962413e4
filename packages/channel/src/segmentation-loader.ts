/** The on-demand segmentation module (`segmentation-parts.ts`). */
export type SegmentationModule = typeof import("./segmentation-parts.js");

let loaded: SegmentationModule | undefined;
let loading: Promise<SegmentationModule> | undefined;

/** The segmentation module when it is already loaded in this process (then every channel uses it at once). */
export function loadedSegmentation(): SegmentationModule | undefined {
  return loaded;
}

/**
 * Loads the segmentation module once per process (a dynamic `import()`: bundlers put it in a chunk of its
 * own). A failed load is tried afresh by the next call.
 */
export function loadSegmentation(): Promise<SegmentationModule> {
  loading ??= import("./segmentation-parts.js").then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
