import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  createSeededRandom,
  StorageCorruptionError,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelFile } from "../src/channel-file.js";
import { sqliteStorage } from "../src/index.js";
import { channelHistory } from "./corruption/channel-history.js";
import { type Damage, type DamageSite, flipRandomBytes, structuredDamages } from "./corruption/damage.js";

const CHANNEL = "matrix-room";
const RANDOM_SEEDS = 200;

type Outcome = "exact" | "detected" | "silent change" | "other error";

let root = "";
let pristine = "";
let older = "";
let stranger = "";
let committed: StoredChannelState;

/** Commits `commits` to a fresh store of {@link CHANNEL} in `directory`; returns its database file. */
async function commitAll(directory: string, commits: readonly StorageOp[][]): Promise<string> {
  const storage = sqliteStorage({ path: directory });
  const channel = await storage.open(CHANNEL);
  for (const ops of commits) await channel.commit(ops);
  await storage.close();
  const file = channelFile(directory, CHANNEL);
  expect(existsSync(`${file}-wal`), "a clean close leaves no WAL").toBe(false);
  return file;
}

/** What the same commits make in the reference (memory) storage: the state every load must return. */
async function reference(commits: readonly StorageOp[][]): Promise<StoredChannelState> {
  const channel = await memoryStorage().open(CHANNEL);
  for (const ops of commits) await channel.commit(ops);
  return channel.load();
}

let copies = 0;
/** A fresh directory holding a copy of the committed database and its marker, damaged by `damage`. */
function damagedCopy(damage: (site: DamageSite) => void): string {
  const directory = join(root, `copy-${++copies}`);
  mkdirSync(directory);
  const file = channelFile(directory, CHANNEL);
  copyFileSync(pristine, file);
  copyFileSync(`${pristine}-marker`, `${file}-marker`);
  damage({ file, older, stranger });
  return directory;
}

/** Opens and loads a copy: exactly what was committed, reported as corruption, or neither. */
async function outcome(directory: string): Promise<{ outcome: Outcome; detail: string }> {
  const storage = sqliteStorage({ path: directory });
  try {
    const state = await (await storage.open(CHANNEL)).load();
    return isDeepStrictEqual(state, committed)
      ? { outcome: "exact", detail: "" }
      : { outcome: "silent change", detail: "loaded a state that differs from the committed one" };
  } catch (error) {
    if (error instanceof StorageCorruptionError) return { outcome: "detected", detail: error.message };
    return { outcome: "other error", detail: String(error) };
  } finally {
    await storage.close();
  }
}

const tally: Record<Outcome, number> = { exact: 0, detected: 0, "silent change": 0, "other error": 0 };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "storage-sqlite-matrix-"));
  const history = channelHistory();
  older = await commitAll(join(root, "older"), history.slice(0, -2));
  pristine = await commitAll(join(root, "pristine"), history);
  stranger = await commitAll(join(root, "stranger"), history.slice(0, 3));
  committed = await reference(history);
});

afterAll(() => {
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  console.info(
    `corruption matrix: ${total} damaged copies — ${tally.exact} loaded exactly, ${tally.detected} detected (StorageCorruptionError), ${tally["silent change"]} silent changes, ${tally["other error"]} other errors`,
  );
  rmSync(root, { recursive: true, force: true });
});

describe("storage-sqlite corruption matrix: every damaged copy loads exactly what was committed or is reported", () => {
  it("the undamaged copy loads exactly what was committed (the reference)", async () => {
    const result = await outcome(damagedCopy(() => {}));
    expect(result.outcome).toBe("exact");
    expect(readFileSync(pristine).length).toBeGreaterThan(8 * 4096);
  });

  const payload = (n: number) => {
    const op = channelHistory()
      .flat()
      .find((candidate) => candidate.type === "outbox-put" && candidate.entry.sequence === BigInt(n));
    if (op?.type !== "outbox-put") throw new Error(`no outbox entry ${n}`);
    return op.entry.bytes;
  };
  const mustDetect = (damage: Damage) => !damage.name.includes("loads exactly");
  for (const damage of structuredDamages(payload)) {
    it(`structured: ${damage.name}`, async () => {
      const result = await outcome(damagedCopy((site) => damage.apply(site)));
      tally[result.outcome]++;
      expect(result, `${damage.name}: ${result.detail}`).toMatchObject({
        outcome: mustDetect(damage) ? "detected" : "exact",
      });
    });
  }

  it(`random: ${RANDOM_SEEDS} seeds, each flipping 1–8 random bytes of the file`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= RANDOM_SEEDS; seed++) {
      const random = createSeededRandom(seed).next;
      let flips: string[] = [];
      const result = await outcome(
        damagedCopy(({ file }) => {
          flips = flipRandomBytes(file, random, 1 + Math.floor(random() * 8));
        }),
      );
      tally[result.outcome]++;
      if (result.outcome === "silent change" || result.outcome === "other error") {
        failures.push(`seed ${seed} (flips ${flips.join(" ")}): ${result.outcome}: ${result.detail}`);
      }
    }
    expect(failures, failures.join("\n")).toStrictEqual([]);
  });
});
