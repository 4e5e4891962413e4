/**
 * Causal-history entries put in each message we send. See README "Causal history size" for the
 * measurement behind it (loss detection vs. bytes).
 * @default 4 (entries)
 */
export const DEFAULT_CAUSAL_HISTORY_SIZE = 4;
/**
 * Extra causal-history entries per sent message (content or sync) naming messages we logged that none of
 * our earlier content messages named — earliest arrival first. A message delivered late (an old Lamport
 * timestamp: created during a partition or offline, re-published after a restart) sorts below the
 * Lamport tail, so without these entries no later message would name it and a participant that missed it
 * would never learn it exists. Costs nothing while every logged message reaches the tail of one of our
 * messages; about 100 bytes per extra entry on the wire otherwise (see README "Late messages").
 * `@reliable-channel/channel` uses this value too; 0 turns the entries off (as @waku/sds 0.0.8 sends).
 * @default 4 (entries)
 */
export const DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE = 4;
/**
 * Logged messages remembered as not yet named by any of our messages; beyond it the earliest arrival is
 * forgotten unnamed (a participant that logs this many more messages than its messages can name).
 * @default 256 (messages)
 */
export const DEFAULT_MAX_UNNAMED_ENTRIES = 256;
/**
 * Received messages remembered as not yet acknowledged by any of our messages (they decide whether the
 * bloom filter rides on the next content message); beyond it the next message carries the filter anyway.
 * Not an option: past a few causal histories' worth, the filter is due whatever the exact count.
 * @default 1_024 (messages)
 */
export const PENDING_ACKS_CAPACITY = 1_024;
/**
 * How far ahead of local time a received Lamport timestamp may be and still be delivered at once.
 * Further ahead (up to `lostDependencyTimeoutMs` more) it waits in the buffer until local time catches up;
 * beyond that it is rejected as invalid.
 * @default 60_000 (ms)
 */
export const DEFAULT_MAX_CLOCK_DRIFT_MS = 60_000;
/**
 * How long a missing dependency is waited for before it is declared lost and its dependents released.
 * @default 300_000 (ms)
 */
export const DEFAULT_LOST_DEPENDENCY_TIMEOUT_MS = 300_000;
/**
 * Messages held in the incoming buffer; when full, the earliest in (Lamport, id) order is released early.
 * @default 2_000 (messages)
 */
export const DEFAULT_MAX_BUFFERED_MESSAGES = 2_000;
/**
 * Bytes of encoded messages held in the incoming buffer; beyond it, the earliest in (Lamport, id) order is
 * released early, as for the count cap. Large messages that wait for a missing dependency cannot grow
 * memory and snapshots past it.
 * @default 16 MiB (bytes)
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/**
 * Distinct missing dependencies tracked; beyond it, entries no buffered message waits for are declared lost
 * first, then buffered messages are released early (earliest in (Lamport, id) order first).
 * @default 10_000 (ids)
 */
export const DEFAULT_MAX_MISSING = 10_000;
/**
 * Causal-history entries of a received message that are considered (the most recent ones; js-waku sends 200).
 * @default 256 (entries)
 */
export const DEFAULT_MAX_HISTORY_ENTRIES_ACCEPTED = 256;
/** Delivered/own ids remembered for dedupe (two rolling generations of half this size). @default 100_000 (ids) */
export const DEFAULT_DEDUPE_WINDOW = 100_000;
/** Entries of the local log kept in memory (the tail; causal histories come from it). @default 1_000 (entries) */
export const DEFAULT_MAX_LOG_ENTRIES = 1_000;
/** Own unacknowledged messages tracked; beyond it the oldest stops being tracked. @default 10_000 (messages) */
export const DEFAULT_MAX_OUTGOING = 10_000;
/** Repair-request entries put in one message (as js-waku). @default 3 (entries) */
export const DEFAULT_MAX_REPAIR_REQUESTS = 3;
/** Distinct other participants whose bloom hits are needed to promote a possible ack. @default 2 (participants) */
export const DEFAULT_BLOOM_ACK_MIN_PARTICIPANTS = 2;
/**
 * Promotion needs the product of the hitting filters' false-positive rates to be at most this.
 * @default 1e-6
 */
export const DEFAULT_BLOOM_ACK_FALSE_POSITIVE_TARGET = 1e-6;
/**
 * A received filter whose false-positive rate is above this is saturated: it says nothing about any
 * message, so its hits are not recorded (a flood of full filters under spoofed sender ids costs nothing).
 * @default 0.5
 */
export const MAX_EVIDENCE_FALSE_POSITIVE_RATE = 0.5;
/**
 * Bloom hits remembered per own unacknowledged message: beyond it, a new hit replaces the weakest one
 * only when it is stronger (lower false-positive rate). Bounds memory, snapshots and
 * `possibly-acknowledged` events per message whatever the number of senders. @default 32 (hits)
 */
export const MAX_BLOOM_HITS_PER_MESSAGE = 32;
/** Senders remembered for the join frontier (two rolling generations). @default 10_000 (senders) */
export const DEFAULT_MAX_KNOWN_SENDERS = 10_000;
