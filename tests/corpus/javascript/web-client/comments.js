// Comment widget rendered in the browser: fetches comments, renders them,
// talks to the embedding page and keeps the session in the client.
import DOMPurify from "dompurify";
import { marked } from "marked";

const API = "https://api.example.com";

export async function loadComments(postId) {
  const res = await fetch(`${API}/posts/${encodeURIComponent(postId)}/comments`);
  return res.json();
}

export function renderComment(list, comment) {
  const item = document.createElement("li");
  // techlead-expect: javascript-inner-html-assignment
  item.innerHTML = `<b>${comment.author}</b>: ${comment.body}`;
  list.appendChild(item);
}

export function renderCommentSafe(list, comment) {
  const item = document.createElement("li");
  const author = document.createElement("b");
  // techlead-safe
  author.textContent = comment.author;
  item.append(author, `: ${comment.body}`);
  list.appendChild(item);
}

export function renderMarkdown(container, markdown) {
  // techlead-safe
  container.innerHTML = DOMPurify.sanitize(marked.parse(markdown));
}

export function appendNotice(container, notice) {
  // techlead-expect: javascript-inner-html-assignment
  container.insertAdjacentHTML("beforeend", "<div class='notice'>" + notice.text + "</div>");
  // techlead-safe
  container.insertAdjacentHTML("beforeend", "<hr class='divider'>");
}

export function replaceBanner(banner, html) {
  // techlead-expect: javascript-inner-html-assignment
  banner.outerHTML = html;
}

export function legacyPrint(text) {
  // techlead-expect: javascript-document-write
  document.write("<p>" + text + "</p>");
}

export function notifyParent(height, session) {
  // techlead-expect: javascript-postmessage-wildcard-origin
  window.parent.postMessage({ type: "resize", height, token: session.token }, "*");
  // techlead-safe
  window.parent.postMessage({ type: "resize", height }, "https://blog.example.com");
}

export function remember(session) {
  // techlead-expect: javascript-sensitive-local-storage
  localStorage.setItem("accessToken", session.accessToken);
  // techlead-safe
  localStorage.setItem("commentSort", session.preferences.sort);
}

export function liveUpdates(postId, onComment) {
  // techlead-expect: javascript-insecure-websocket
  const socket = new WebSocket("ws://live.example.com/comments");
  // techlead-safe
  const secure = new WebSocket(`wss://live.example.com/comments?post=${encodeURIComponent(postId)}`);
  for (const s of [socket, secure]) {
    s.addEventListener("message", (event) => onComment(JSON.parse(event.data)));
  }
}

export function evaluateFormula(cell) {
  // techlead-expect: javascript-eval-used
  return eval(cell.formula);
}

export function constantThis() {
  // techlead-safe
  return Function("return this")();
}

export function searchFilter(input) {
  // techlead-safe
  const re = new RegExp("^[\\w-]+$");
  return re.test(input.value);
}

export function nextPage(link) {
  const url = new URL(link.href, window.location.origin);
  if (url.origin === window.location.origin) {
    // techlead-safe
    window.location.assign(url.pathname);
  }
}
