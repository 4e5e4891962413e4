import { defineSweep } from "./helpers/sweep.js";

defineSweep("simulation sweep 2/2: 5 participants × 40 messages, all faults, 100 seeds", 2_000, 100);
