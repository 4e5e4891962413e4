import { storageComplianceSuite } from "@reliable-channel/compliance";
import { sqliteHarness } from "./harness.js";

storageComplianceSuite("sqlite", sqliteHarness);
