// el("p", {class: "x", text: "hi"}, child…): a small element builder for the widgets.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// A widget's own stylesheet, added once to the document; resolves when it has loaded (or failed,
// so a missing file never blocks the widget). Keeps styles only one page needs off every page.
const sheets = new Map();
export function stylesheet(root, path) {
  const href = new URL(path, root).href;
  if (!sheets.has(href)) {
    sheets.set(href, new Promise((resolve) => {
      const link = el("link", { rel: "stylesheet", href });
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve);
      document.head.append(link);
    }));
  }
  return sheets.get(href);
}
