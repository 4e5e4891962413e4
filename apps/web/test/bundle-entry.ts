// What an app imports to run the reliable channel in a browser over Waku; measured by bundle-budget.test.ts.
export { createReliableChannel } from "@reliable-channel/channel";
export { sdsRepair } from "@reliable-channel/sds-repair";
export { indexedDbStorage } from "@reliable-channel/storage-indexeddb";
export { wakuTransport } from "@reliable-channel/transport-waku";
