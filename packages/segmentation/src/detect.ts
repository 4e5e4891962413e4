/**
 * `@reliable-channel/segmentation/detect`: whether received bytes are a segment, without the rest of the
 * package (no hashing, no parity code). A channel asks it of every payload and loads segmentation itself
 * only when the answer is yes, so that a browser bundle keeps the profiles in a chunk loaded on demand.
 * @packageDocumentation
 */
export { isStatusGoSegment } from "./status-go-read.js";
