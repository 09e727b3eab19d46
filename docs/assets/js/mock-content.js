// What a mock shows of a question, case study or kata, read from that item's own page on this
// site (already through the site's sanitiser). Nodes are imported as DOM, never as HTML strings.
const pages = new Map();

export function itemUrl(item) {
  if (item.kind === "design") return `cases/${item.id}/`;
  if (item.kind === "kata") return `katas/${item.id}/`;
  return `questions/${item.category}/${item.id}/`;
}

async function fetchPage(root, item) {
  const url = new URL(itemUrl(item), root).href;
  if (!pages.has(url)) {
    pages.set(url, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${response.status}`);
      return response.text();
    }).then((text) => new DOMParser().parseFromString(text, "text/html")).catch((error) => {
      pages.delete(url);
      throw error;
    }));
  }
  return pages.get(url);
}

// A copy of a node for this page: no ids (they would clash), no permalink or line-number anchors
// (they point at the item's own page and have no text of their own).
function adopt(node) {
  const copy = document.importNode(node, true);
  copy.querySelectorAll?.(".headerlink, a[href^='#__codelineno']").forEach((a) => a.remove());
  if (copy.removeAttribute) copy.removeAttribute("id");
  copy.querySelectorAll?.("[id]").forEach((n) => n.removeAttribute("id"));
  // a code block can scroll sideways, so keyboard users must reach it (Material does this on its pages)
  copy.querySelectorAll?.("pre > code").forEach((n) => n.setAttribute("tabindex", "0"));
  return copy;
}

function textOf(node) {
  const copy = adopt(node);
  return copy.textContent.replace(/\s+/g, " ").trim();
}

// The elements after `start` up to (not including) the next element matching `stop`.
function until(start, stop) {
  const out = [];
  for (let n = start?.nextElementSibling; n && !n.matches(stop); n = n.nextElementSibling) out.push(adopt(n));
  return out;
}

function quoted(article) {
  const quote = article.querySelector(".admonition.quote");
  if (!quote) return [];
  return [...quote.children].filter((n) => !n.classList.contains("admonition-title")).map(adopt);
}

function title(article) {
  return article.querySelector("h1") ? textOf(article.querySelector("h1")) : "";
}

export async function loadItem(root, item) {
  const doc = await fetchPage(root, item);
  const article = doc.querySelector("article") ?? doc.body;
  const base = { title: title(article), url: itemUrl(item), prompt: quoted(article) };
  if (item.kind === "design") {
    const quote = article.querySelector(".admonition.quote");
    return { ...base, design: until(quote, "h2#related, h2#references") };
  }
  if (item.kind === "kata") {
    const widget = article.querySelector(".lg-kata[data-lg-data]");
    const signature = article.querySelector(".admonition.quote")?.nextElementSibling;
    return { ...base, prompt: [...base.prompt, ...(signature?.matches("p") ? [adopt(signature)] : [])],
             spec: widget ? JSON.parse(widget.getAttribute("data-lg-data")) : null };
  }
  const followUps = [...article.querySelectorAll("details.question")].map((d) => ({
    question: d.querySelector("summary") ? textOf(d.querySelector("summary")) : "",
    answer: [...d.children].filter((n) => n.tagName !== "SUMMARY").map(adopt),
  }));
  return {
    ...base,
    answer: until(article.querySelector("h2#model-answer"), "h2"),
    strong: [...article.querySelectorAll(".admonition.success li")].map(textOf),
    weak: [...article.querySelectorAll(".admonition.failure li")].map(textOf),
    followUps,
  };
}
