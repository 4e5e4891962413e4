/** Counters of one {@link SdsRepair} since its creation. */
export interface RepairStats {
  /** Repair-request entries we put in outgoing messages. */
  requestsSent: number;
  /** Repair-request entries we received from other participants (fresh copies only). */
  requestsReceived: number;
  /** Our own pending requests deferred because someone else requested the same entry first. */
  requestsSuppressed: number;
  /** Missing ids not requested because the sender that named them had its share pending (`maxRequestsPerNamer`). */
  requestsCapped: number;
  /** Pending requests dropped because the message itself arrived. */
  requestsSatisfied: number;
  /** Responses scheduled (we hold the message and are in its response group). */
  responsesScheduled: number;
  /** Requests not answered because the requester's or the window's response budget was used up. */
  responsesRefused: number;
  /** Responses cancelled because the message was seen again before our `T_resp`. */
  responsesCancelled: number;
  /** Original messages we rebroadcast (returned by `due`). */
  responsesSent: number;
}

/** All counters at zero. Internal. */
export function zeroStats(): RepairStats {
  return {
    requestsSent: 0,
    requestsReceived: 0,
    requestsSuppressed: 0,
    requestsCapped: 0,
    requestsSatisfied: 0,
    responsesScheduled: 0,
    responsesRefused: 0,
    responsesCancelled: 0,
    responsesSent: 0,
  };
}
