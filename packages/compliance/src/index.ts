/**
 * Reusable vitest compliance suites for the Transport and Storage ports.
 * @packageDocumentation
 */
export * from "./storage-suite.js";
export * from "./transport-suite.js";
