export { nativeSha256, portableSha256, type Sha256, sha256, toHex } from "./sha256.js";
