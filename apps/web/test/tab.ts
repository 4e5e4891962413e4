import type { BrowserContext, Page } from "playwright-core";

/** What the test reads from a tab: its transcript lines, from the DOM. */
export interface Line {
  readonly own: boolean;
  readonly sender: string;
  readonly text: string;
  readonly state: string;
}

/** Failure guard of every wait on a page (waits end on page conditions; this only bounds a stuck one). */
export const PAGE_GUARD_MS = 60_000;

/** A tab of the chat page, one participant. */
export class Tab {
  readonly me: string;
  readonly context: BrowserContext;
  readonly page: Page;

  constructor(me: string, context: BrowserContext, page: Page) {
    this.me = me;
    this.context = context;
    this.page = page;
  }

  /** Opens `url` as `me` in a context of its own (its own offline switch, its own storage). */
  static async open(context: BrowserContext, url: string, me: string): Promise<Tab> {
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`[${me}] page error:`, error));
    await page.goto(`${url}?me=${me}&room=e2e`);
    const tab = new Tab(me, context, page);
    await tab.ready();
    return tab;
  }

  /** Resolves once the channel is ready (after a load or reload). */
  async ready(): Promise<void> {
    await this.page.waitForFunction(() => document.querySelector("main")?.dataset.ready === "true", null, {
      timeout: PAGE_GUARD_MS,
    });
  }

  /** Resolves once the status bar says `status`. */
  async status(status: string): Promise<void> {
    await this.page.waitForFunction(
      (s) => document.querySelector(".status")?.getAttribute("data-status") === s,
      status,
      {
        timeout: PAGE_GUARD_MS,
      },
    );
  }

  /** The number of own lines on the page. */
  ownCount(): Promise<number> {
    return this.page.evaluate(() => document.querySelectorAll("li.message[data-own=true]").length);
  }

  /** Types `text` and presses Enter; resolves once the page lists it as ours (durable in the outbox). */
  async send(text: string): Promise<void> {
    const before = await this.ownCount();
    await this.page.fill("#text", text);
    await this.page.press("#text", "Enter");
    await this.page.waitForFunction(
      (n) => document.querySelectorAll("li.message[data-own=true]").length > n,
      before,
      {
        timeout: PAGE_GUARD_MS,
      },
    );
  }

  /**
   * Resolves once the page lists `count` messages and every one of ours is acknowledged. On timeout it
   * rejects with what the page shows instead: how many messages, and which of ours in which state.
   */
  async done(count: number): Promise<void> {
    await this.#waitDone(count).catch(async (error: unknown) => {
      const lines = await this.lines().catch(() => []);
      const pending = lines
        .filter((l) => l.own && l.state !== "acknowledged")
        .map((l) => `${l.text} (${l.state})`);
      throw new Error(
        `${this.me}: ${lines.length} of ${count} messages shown; own not acknowledged: ${pending.join(", ") || "none"}`,
        { cause: error },
      );
    });
  }

  #waitDone(count: number): Promise<unknown> {
    return this.page.waitForFunction(
      (n) => {
        const lines = document.querySelectorAll("li.message");
        const own = document.querySelectorAll("li.message[data-own=true]");
        const acked = document.querySelectorAll("li.message[data-own=true][data-state=acknowledged]");
        return lines.length >= n && own.length === acked.length;
      },
      count,
      { timeout: PAGE_GUARD_MS },
    );
  }

  /** The transcript as the page shows it. */
  lines(): Promise<Line[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("li.message")].map((li) => ({
        own: li.dataset.own === "true",
        sender: li.dataset.sender ?? "",
        text: li.querySelector(".text")?.textContent ?? "",
        state: li.dataset.state ?? "",
      })),
    );
  }
}
