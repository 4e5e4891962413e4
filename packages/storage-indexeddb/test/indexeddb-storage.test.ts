import { storageComplianceSuite } from "@reliable-channel/compliance";
import { indexedDbHarness } from "./harness.js";

storageComplianceSuite("indexeddb (fake-indexeddb)", indexedDbHarness);
