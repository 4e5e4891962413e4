import {
  DEFAULT_LOSS,
  DEFAULT_MESSAGES,
  DEFAULT_PARTICIPANTS,
  DEFAULT_SEED,
  MAX_MEMORY_PARTICIPANTS,
  MAX_WAKU_PARTICIPANTS,
} from "./options.js";

/** The text of `--help`: every option, its default, and what the demo does. */
export const HELP_TEXT = `reliable-channel demo — N participants, injected faults, live progress, a report.

Usage: ./run demo [options]

Without options it starts a loopback Waku service node in this process, ${DEFAULT_PARTICIPANTS} participants on real
@waku/sdk light nodes with the reliable channel, drops ${DEFAULT_LOSS * 100}% of filter pushes, crashes one
participant and restarts it from SQLite, takes another offline and brings it back, sends a conversation,
then checks the guarantees and writes an HTML report.

Options:
  -p, --participants <n>   participants in the channel (default ${DEFAULT_PARTICIPANTS}; 2–${MAX_WAKU_PARTICIPANTS} on waku,
                           2–${MAX_MEMORY_PARTICIPANTS} on memory)
  -m, --messages <n>       messages in the conversation (default ${DEFAULT_MESSAGES})
      --loss <rate>        share of deliveries dropped, as 0.3 or 30% (default ${DEFAULT_LOSS}); on waku the
                           test node drops filter pushes, on memory the network drops packets
      --seed <n>           seed of every random choice: who speaks, what drops (default ${DEFAULT_SEED});
                           a memory run is fully reproducible from it
  -t, --transport <kind>   waku (default: real @waku/sdk light nodes) or memory (deterministic simulation
                           on virtual time; scales to ${MAX_MEMORY_PARTICIPANTS} participants)
      --connect <addr>     use a real Waku network through this service node multiaddr (an nwaku with
                           lightpush, filter and store) instead of the loopback test node; the demo then
                           cannot drop pushes itself, so --loss and the offline fault are not applied
      --report <path>      where to write the HTML report (default apps/demo/out/report.html)
      --live <mode>        auto (default: bars on a terminal, plain lines otherwise), bars or plain
  -h, --help               show this help

Exit code: 0 when every guarantee held (every participant delivered every message exactly once, in causal
order, and every message was acknowledged), 1 when one failed (or the run itself stopped on an error),
2 on invalid options, 130 on Ctrl-C.

Examples:
  ./run demo
  ./run demo --participants 8 --loss 40% --messages 200
  ./run demo --transport memory --participants 1000 --seed 7
  ./run demo --connect /dns4/node.example/tcp/8000/wss/p2p/16Uiu2HAm…
`;
