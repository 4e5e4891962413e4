/** The transport compliance suite (being written). */
export {};
