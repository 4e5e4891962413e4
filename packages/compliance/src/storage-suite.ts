/** The storage compliance suite (being written). */
export {};
