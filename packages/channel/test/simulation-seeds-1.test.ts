import { defineSweep } from "./helpers/sweep.js";

defineSweep("simulation sweep 1/2: 5 participants × 40 messages, all faults, 100 seeds", 1_000, 100);
