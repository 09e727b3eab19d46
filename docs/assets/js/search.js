// The header's search box over Pagefind's index (pagefind/ beside the site, built by
// loopguide/search_index.py). Imported by overrides/partials/search.html only when the reader
// opens search; Pagefind then fetches its small entry file, its WebAssembly and the index chunks
// the query's words need. Content is untrusted: results are built with textContent, and the only
// markup taken from an excerpt is Pagefind's own <mark>, rebuilt as elements.
import { el } from "./dom.js";

const SHOWN = 5; // results shown at first (each costs its page's fragment, ~3 KB); more on request
const MORE = 10;
const PAUSE_MS = 150;
// pageLength: Pagefind's default (0.75) favours short pages so much that a page that mentions a
// term in passing beats the long answer about it; 0.3 keeps tests/search_queries.yaml all first.
// noWorker: searching this index takes milliseconds, so Pagefind's worker (12 KB gzipped, fetched
// before the first result) would cost more than it saves.
export const OPTIONS = (root) => ({
  baseUrl: root.pathname, excerptLength: 24, ranking: { pageLength: 0.3 }, noWorker: true,
});
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
const decode = (text) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]);

// The domain's hyphenated words: Pagefind indexes "top-p" as the word "topp" (and its parts), so
// a word with a one-letter part stays whole; "llm-as-judge" or "few-shot" is searched as its
// words, since pages write "LLM judge" and "few shot" too.
export const searchable = (query) => query.split(/\s+/).map((word) =>
  /^\w+(-\w+)+$/.test(word) && word.split("-").every((part) => part.length > 1) ? word.replace(/-/g, " ") : word).join(" ");

// "a <mark>b</mark> c" -> text "a ", <mark>b</mark>, text " c"; any other tag stays text.
export function excerptNodes(excerpt) {
  const nodes = [];
  let marked = false;
  for (const part of String(excerpt).split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) nodes.push(marked ? el("mark", { text: decode(part) }) : document.createTextNode(decode(part)));
  }
  return nodes;
}

function resultItem(data) {
  const meta = data.meta || {};
  const kind = [meta.kind, meta.category].filter(Boolean).join(" · ");
  const article = el("article", { class: "md-search-result__article md-typeset" },
    kind ? el("p", { class: "lg-search-kind", text: kind }) : null,
    el("h1", { text: meta.title || data.url }),
    el("p", {}, ...excerptNodes(data.excerpt || "")));
  return el("li", { class: "md-search-result__item" },
    el("a", { class: "md-search-result__link", href: data.url }, article));
}

// Pagefind, loaded and set up for this site.
export async function load(root) {
  const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  await pagefind.options(OPTIONS(root));
  await pagefind.init();
  return pagefind;
}

// The query's matches, best first: all of them (each loads its data on request) and the data
// (url, meta, excerpt) of the first `shown`.
export async function find(pagefind, query, shown = SHOWN) {
  const found = await pagefind.search(searchable(query));
  const results = found?.results || [];
  return { results, data: await Promise.all(results.slice(0, shown).map((r) => r.data())) };
}

export async function mount(form, toggle, root) {
  const input = form.query;
  const status = document.getElementById("lg-search-status");
  const list = document.getElementById("lg-search-results");
  const links = () => [...list.querySelectorAll("a")];
  let latest = 0;
  status.textContent = "Loading search…";
  let pagefind;
  try {
    pagefind = await load(root);
  } catch (error) {
    console.error(error);
    status.textContent = "Search could not load. Reload the page to try again.";
    return;
  }

  const run = async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (query.length < 2) { // one letter matches half the index: its chunks cost more than they tell
      list.replaceChildren();
      status.textContent = "Type to search the guide";
      return;
    }
    const { results, data } = await find(pagefind, query);
    if (mine !== latest) return; // a later keystroke's search owns the list
    list.replaceChildren(...data.map(resultItem));
    const count = results.length;
    status.textContent = count ? `${count} matching page${count === 1 ? "" : "s"}` : "No matching pages";
    if (count > data.length) list.append(moreButton(results, data.length, mine));
  };
  const moreButton = (results, from, mine) => {
    const button = el("button", { type: "button", class: "md-button lg-search-more", text: "Show more results" });
    button.addEventListener("click", async () => {
      const data = await Promise.all(results.slice(from, from + MORE).map((r) => r.data()));
      if (mine !== latest) return;
      const first = resultItem(data[0]);
      button.parentElement.replaceWith(...[first, ...data.slice(1).map(resultItem)]);
      if (results.length > from + data.length) list.append(moreButton(results, from + data.length, mine));
      first.querySelector("a").focus();
    });
    return el("li", { class: "md-search-result__item" }, button);
  };
  const close = () => {
    toggle.checked = false;
    input.blur();
  };

  const search = () => run().catch((error) => {
    console.error(error);
    status.textContent = "Search failed. Reload the page to try again.";
  });
  // Wait for a pause in typing: every search of a half-typed word fetches index chunks and
  // result fragments the reader never sees. A finished word (a space typed) is searched at once:
  // a fast typist sees its results while typing the next, whose index chunk is the only one to come.
  let timer;
  input.addEventListener("input", (event) => {
    clearTimeout(timer);
    if (event.data === " " && input.value.trim().length >= 2) search();
    else timer = setTimeout(search, PAUSE_MS);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      links()[0]?.click();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      links()[0]?.focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)]?.focus();
    }
  });
  form.closest(".lg-search").addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) close();
  });
  toggle.addEventListener("change", () => { if (!toggle.checked) input.blur(); });
  status.textContent = "Type to search the guide";
  if (input.value) timer = setTimeout(search, PAUSE_MS); // typed while Pagefind loaded
}
