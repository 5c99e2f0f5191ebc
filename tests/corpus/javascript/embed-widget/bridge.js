// Bridge between the embeddable booking widget and the page hosting it.
// The widget runs in an iframe; the host talks to it and to the payment
// popup through postMessage.

const HOST_ORIGIN = "https://booking.example.com";
const pending = [];
const marker = "bw-tick-" + Math.random().toString(36).slice(2);

// A macrotask scheduler for old browsers without setImmediate: the page
// posts a message to itself and runs the queued callbacks when it arrives.
window.addEventListener("message", (event) => {
  if (event.source === window && event.data === marker) {
    const next = pending.shift();
    if (next) next();
  }
});

export function defer(callback) {
  pending.push(callback);
  // techlead-safe
  window.postMessage(marker, "*");
}

const root = typeof self !== "undefined" ? self : globalThis;

export function deferFromWorkerSafeScope(callback) {
  pending.push(callback);
  // techlead-safe
  root.postMessage(marker, "*");
}

export function reportHeight(widgetId, session) {
  const height = document.documentElement.scrollHeight;
  // techlead-expect: javascript-postmessage-wildcard-origin
  window.parent.postMessage({ widgetId, height, session: session.id }, "*");
  // techlead-safe
  window.parent.postMessage({ widgetId, height }, HOST_ORIGIN);
}

export function openPayment(checkoutUrl, order) {
  const payment = window.open(checkoutUrl, "payment", "width=480,height=640");
  // techlead-expect: javascript-postmessage-wildcard-origin
  payment.postMessage({ orderId: order.id, amount: order.total }, "*");
}

export function listenForAcks() {
  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "ping") {
      const sender = event.source;
      // techlead-expect: javascript-postmessage-wildcard-origin
      sender.postMessage({ type: "pong", id: event.data.id }, "*");
    }
  });
}

export function pickSlot(slots, options) {
  // Both null and undefined mean "no preference".
  // techlead-safe
  if (options.preferredDay != undefined) {
    return slots.filter((slot) => slot.day === options.preferredDay);
  }
  return slots;
}

export function sameDocument(node, hostDocument) {
  // Old Edge throws "Permission denied" on a strict comparison of documents
  // from two frames; the loose comparison is deliberate.
  // eslint-disable-next-line eqeqeq
  return node.ownerDocument == hostDocument;
}

export function seatsLeft(slot, requested) {
  // techlead-expect: javascript-loose-equality
  if (slot.capacity - slot.booked == requested) {
    return "last seats";
  }
  return "available";
}
