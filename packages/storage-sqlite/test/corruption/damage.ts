import { readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";

/** Where a damaged copy lives, and the copies it may draw on. */
export interface DamageSite {
  /** The channel's database file in the copy's directory. */
  readonly file: string;
  /** An older copy of the same database (before the last commits). */
  readonly older: string;
  /** The database file of another store of the same channel (created fresh). */
  readonly stranger: string;
}

/** One kind of damage done to a closed copy. */
export interface Damage {
  readonly name: string;
  apply(site: DamageSite): void;
}

const id = (n: number) => n.toString(16).padStart(64, "0");

function sql(statements: string): (site: DamageSite) => void {
  return ({ file, older }) => {
    const db = new DatabaseSync(file);
    try {
      db.exec(`ATTACH DATABASE '${older.replaceAll("'", "''")}' AS older`);
      db.exec(statements);
    } finally {
      db.close();
    }
  };
}

function truncateTo(size: (current: number) => number): (site: DamageSite) => void {
  return ({ file }) => truncateSync(file, size(readFileSync(file).length));
}

/** Flips one bit in every copy of the first 16 bytes of `value` found in the file. */
function flipInValue(value: Uint8Array): (site: DamageSite) => void {
  return ({ file }) => {
    const data = readFileSync(file);
    const needle = Buffer.from(value.subarray(0, 16));
    let found = 0;
    for (let at = data.indexOf(needle); at >= 0; at = data.indexOf(needle, at + 1)) {
      data[at + 8] = (data[at + 8] ?? 0) ^ 0x04;
      found++;
    }
    if (found === 0) throw new Error("the value to damage is not in the file");
    writeFileSync(file, data);
  };
}

const swap = (table: string, column: string, a: string, b: string) => `
  UPDATE ${table} SET ${column} = CASE message_id
    WHEN '${a}' THEN (SELECT ${column} FROM ${table} WHERE message_id = '${b}')
    ELSE (SELECT ${column} FROM ${table} WHERE message_id = '${a}') END
  WHERE message_id IN ('${a}', '${b}');`;

/** The structured damages of the matrix; `payload(n)` gives the bytes of outbox entry `n`. */
export function structuredDamages(payload: (n: number) => Uint8Array): readonly Damage[] {
  return [
    { name: "truncated to 0 bytes", apply: truncateTo(() => 0) },
    { name: "file deleted", apply: ({ file }) => rmSync(file) },
    { name: "truncated to its first page", apply: truncateTo(() => 4096) },
    { name: "truncated mid-page", apply: truncateTo((size) => Math.floor(size / 2) + 1_000) },
    { name: "last page cut off", apply: truncateTo((size) => size - 4096) },
    { name: "a page zeroed", apply: zeroPage(3) },
    { name: "marker deleted (loads exactly)", apply: ({ file }) => rmSync(`${file}-marker`) },
    { name: "replaced by another store of the channel", apply: ({ file, stranger }) => copy(stranger, file) },
    { name: "table log dropped", apply: sql("DROP TABLE log") },
    { name: "table handled dropped", apply: sql("DROP TABLE handled") },
    { name: "manifest row deleted", apply: sql("DELETE FROM channel") },
    { name: "an outbox row deleted", apply: sql(`DELETE FROM outbox WHERE message_id = '${id(9)}'`) },
    { name: "a handled row deleted", apply: sql("DELETE FROM handled WHERE position = 5") },
    { name: "a meta row deleted", apply: sql("DELETE FROM meta WHERE key = 'join-point'") },
    { name: "every log row deleted", apply: sql("DELETE FROM log") },
    {
      name: "outbox bytes changed (SQL)",
      apply: sql(`UPDATE outbox SET bytes = CAST(x'00' || bytes AS BLOB) WHERE message_id = '${id(8)}'`),
    },
    { name: "outbox bytes changed (one bit in the file)", apply: flipInValue(payload(8)) },
    {
      name: "outbox state changed",
      apply: sql(`UPDATE outbox SET state = 'acknowledged' WHERE message_id = '${id(9)}'`),
    },
    { name: "counters lowered", apply: sql("UPDATE channel SET sequence = zeroblob(8)") },
    { name: "two outbox rows' bytes swapped", apply: sql(swap("outbox", "bytes", id(8), id(9))) },
    {
      name: "two outbox rows' bytes and checksums swapped",
      apply: sql(swap("outbox", "bytes", id(8), id(9)) + swap("outbox", "checksum", id(8), id(9))),
    },
    { name: "two log rows' hints swapped", apply: sql(swap("log", "hint", id(110), id(111))) },
    {
      name: "an outbox row brought back from an older commit",
      apply: sql(`INSERT OR REPLACE INTO outbox SELECT * FROM older.outbox WHERE message_id = '${id(6)}'`),
    },
    {
      name: "a deleted outbox row brought back",
      apply: sql(`INSERT INTO outbox SELECT * FROM older.outbox WHERE message_id = '${id(1)}'`),
    },
    {
      name: "two handled ids' positions swapped",
      apply: sql(
        "UPDATE handled SET position = -1 WHERE position = 3; UPDATE handled SET position = 3 WHERE position = 7; UPDATE handled SET position = 7 WHERE position = -1",
      ),
    },
    { name: "header: schema version zeroed", apply: sql("PRAGMA user_version = 0") },
    { name: "header: schema version raised", apply: sql("PRAGMA user_version = 3") },
  ];
}

function copy(from: string, to: string): void {
  writeFileSync(to, readFileSync(from));
}

function zeroPage(page: number): (site: DamageSite) => void {
  return ({ file }) => {
    const data = readFileSync(file);
    data.fill(0, (page - 1) * 4096, page * 4096);
    writeFileSync(file, data);
  };
}

/** Seeded random damage: `count` bytes anywhere in the file XORed with a non-zero value. */
export function flipRandomBytes(file: string, random: () => number, count: number): string[] {
  const data = readFileSync(file);
  const flips: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * data.length);
    const mask = 1 + Math.floor(random() * 255);
    data[at] = (data[at] ?? 0) ^ mask;
    flips.push(`${at}^${mask}`);
  }
  writeFileSync(file, data);
  return flips;
}
