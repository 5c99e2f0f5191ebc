// Messaging layer of the embeddable analytics SDK: the dashboard iframe
// reports its size to the host, and the SDK schedules work without timers.

export interface ResizeMessage {
  type: "resize";
  height: number;
}

const DASHBOARD_ORIGIN = "https://dash.example.com";
const queue: Array<() => void> = [];
const tickToken = `sdk-tick-${Date.now()}`;

// The global object whatever the runtime (window, worker, or neither).
const globalScope: Window = (typeof self !== "undefined" ? self : globalThis) as Window;

globalScope.addEventListener("message", (event: MessageEvent) => {
  if (event.source === globalScope && event.data === tickToken) {
    queue.shift()?.();
  }
});

export function schedule(task: () => void): void {
  queue.push(task);
  // techlead-safe
  globalScope.postMessage(tickToken, "*");
}

export function nextTick(task: () => void): void {
  queue.push(task);
  // techlead-safe
  self.postMessage(tickToken, "*");
}

export class DashboardFrame {
  constructor(private readonly frame: HTMLIFrameElement) {}

  sendFilters(filters: Record<string, string>, apiKey: string): void {
    // techlead-expect: typescript-postmessage-wildcard-origin
    this.frame.contentWindow!.postMessage({ filters, apiKey }, "*");
  }

  sendTheme(theme: string): void {
    // techlead-safe
    this.frame.contentWindow?.postMessage({ theme }, DASHBOARD_ORIGIN);
  }
}

export function answerHandshake(event: MessageEvent, sessionId: string): void {
  // techlead-expect: typescript-postmessage-wildcard-origin
  (event.source as Window).postMessage({ type: "hello", sessionId }, "*");
}

export function pageSize(limit: number | undefined, fallback: number): number {
  // techlead-safe
  return limit == undefined ? fallback : limit;
}

export function isHostDocument(doc: Document, host: Document): boolean {
  // Cross-frame documents: a strict comparison throws in old Edge.
  // eslint-disable-next-line eqeqeq
  return doc == host;
}

export function isEmptyReport(rows: number, filters: string): boolean {
  // techlead-expect: typescript-loose-equality
  return rows == 0 && filters != "";
}
