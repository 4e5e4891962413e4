import { connectivityCases } from "./transport-cases-connectivity.js";
import { deliveryCases } from "./transport-cases-delivery.js";
import { lifecycleCases } from "./transport-cases-lifecycle.js";
import { payloadCases } from "./transport-cases-payload.js";
import { queryRangeCases } from "./transport-cases-query-range.js";
import { retrievalCases } from "./transport-cases-retrieval.js";
import type { TransportCase } from "./transport-context.js";

/** Every case of the transport suite, in the order the suite runs them (internal to the suite). */
export const transportCases: readonly TransportCase[] = [
  ...deliveryCases,
  ...lifecycleCases,
  ...payloadCases,
  ...retrievalCases,
  ...queryRangeCases,
  ...connectivityCases,
];
