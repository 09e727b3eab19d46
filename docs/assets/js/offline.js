// The Progress page's "Make the whole guide available offline": says how much it downloads (from
// offline.json, written at build time by loopguide/offline.py), then saves every page, the files
// they fetch and the katas' Python runtime (listed in offline-files.json, fetched on the click) into
// the caches the service worker reads, with progress.
// Reader state is not involved: it stays in the progress store (localStorage).
import { el } from "./dom.js";

const PARALLEL = 4;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

// Whether every cache holds at least as many files as the build lists for it.
async function allSaved(groups) {
  for (const group of groups) {
    if ((await (await caches.open(group.cache)).keys()).length < group.count) return false;
  }
  return true;
}

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

// Saves what is missing, PARALLEL at a time; onSaved() after each file. Throws on the first failure.
async function download(root, groups, onSaved) {
  const lists = await json(new URL("offline-files.json", root));
  for (const group of groups) {
    const cache = await caches.open(group.cache);
    const queue = [...lists[group.name]];
    const next = async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        const href = new URL(url, root).href;
        // "no-cache": revalidated, so the HTTP cache cannot hand over an earlier build's copy
        if (!(await cache.match(href))) await cache.add(new Request(href, { cache: "no-cache" }));
        onSaved();
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, next));
  }
}

export async function mount(container, { root }) {
  const status = el("p", { role: "status" });
  container.replaceChildren(status);
  if (!("serviceWorker" in navigator) || !self.caches) {
    status.textContent = "This browser cannot keep the guide for offline reading.";
    return;
  }
  let guide;
  try {
    guide = await json(new URL("offline.json", root));
  } catch {
    status.textContent = "The list of the guide's pages could not be loaded, so it cannot be saved for offline reading now. Try again when you are online.";
    return;
  }
  const groups = guide.groups;
  const total = groups.reduce((n, g) => n + g.count, 0);
  const pages = guide.pages;
  const gzip = groups.reduce((n, g) => n + g.gzip, 0);
  const raw = groups.reduce((n, g) => n + g.raw, 0);
  const size = el("p", { text: `This saves all ${pages} pages of the guide in this browser, with the Python runtime the katas run in: ` +
    `a download of about ${mb(gzip)} (${mb(raw)} once stored). Pages you have visited are saved already.` });
  const button = el("button", { type: "button", class: "md-button md-button--primary", text: "Make the whole guide available offline" });
  const bar = el("progress", { max: String(total), value: "0", "aria-label": "Saving the guide for offline reading", hidden: true });
  container.replaceChildren(size, button, bar, status);

  if (await allSaved(groups)) status.textContent = "The whole guide is available offline in this browser.";

  button.addEventListener("click", async () => {
    button.disabled = true;
    bar.hidden = false;
    navigator.storage?.persist?.().catch(() => {});  // ask the browser not to evict the saved guide
    let done = 0;
    const shown = () => { bar.value = done; status.textContent = `Saving for offline reading: ${done} of ${total} files.`; };
    shown();
    try {
      await download(root, groups, () => { done += 1; if (done % 10 === 0 || done === total) shown(); });
      status.textContent = `Done: the whole guide (${pages} pages) is available offline in this browser, katas included.`;
    } catch {
      status.textContent = `The download stopped after ${done} of ${total} files (the network or the browser's storage refused). ` +
        "What was saved stays saved; press the button again to finish.";
    } finally {
      button.disabled = false;
    }
  });
}
