// The update prompt: imported by the page's service-worker registration (overrides/main.html) only
// when a new build's worker is installed and waiting. The new worker takes over when the reader
// presses Reload, and the page reloads with the new build's files, never a mix of the two.
import { el, stylesheet } from "./dom.js";

const root = new URL("../../", import.meta.url);

export async function show(registration) {
  if (document.querySelector(".lg-update")) return;
  await stylesheet(root, "assets/css/offline.css");
  const reload = el("button", { type: "button", class: "md-button md-button--primary", text: "Reload" });
  const prompt = el("div", { class: "lg-update md-typeset", role: "status" },
    el("p", { text: "A new version of the guide is available." }), reload);
  reload.addEventListener("click", () => {
    reload.disabled = true;
    const waiting = registration.waiting;
    if (!waiting) return location.reload();  // another tab has already let it take over
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
    waiting.postMessage({ type: "SKIP_WAITING" });
  });
  document.body.append(prompt);
}
