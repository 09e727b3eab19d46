// The Progress page: diagnostic result, checklist completion per phase, katas, export and import.
// An import or a clear says what it will replace and asks first; the state before it can be restored.
import {
  load, update, exportText, parseExport, replace, clear, backup, restoreBackup, counts, persistent,
  storageProblem, takeSetAsideNotice, unreadableLeftInPlace, discardUnreadable, MAX_IMPORT_BYTES,
} from "./progress.js";
import { el, stylesheet } from "./dom.js";
import { status, dayOf, addDays } from "./reviews.js";

const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
};
const dayOfEntry = (entry) => entry.day ?? entry.at.slice(0, 10);

// Per category: questions seen, due now, and retention (Good or Easy among the last 30 days' reviews).
function studyTable(state, study, today) {
  const since = addDays(today, -29);
  const rows = study.map((c) => {
    const logs = c.questions.flatMap((id) => state.reviews[id]?.log ?? []).filter((e) => dayOfEntry(e) >= since);
    const kept = logs.filter((e) => e.rating >= 3).length;
    return el("tr", {}, el("th", { scope: "row", text: c.name }),
      el("td", { text: `${c.questions.filter((id) => status(state, id, today) !== "new").length} of ${c.questions.length}` }),
      el("td", { text: String(c.questions.filter((id) => status(state, id, today) === "due").length) }),
      el("td", { text: logs.length ? `${Math.round((100 * kept) / logs.length)}% of ${logs.length}` : "no reviews yet" }));
  });
  return el("table", {},  // no class: Material styles only plain tables
    el("thead", {}, el("tr", {}, ...["Category", "Seen", "Due", "Retention, last 30 days"].map((t) => el("th", { scope: "col", text: t })))),
    el("tbody", {}, ...rows));
}

// Reviews per day over the last 30 days, as bars in an inline SVG with a text summary for screen readers.
function reviewChart(state, today) {
  const days = Array.from({ length: 30 }, (_, i) => addDays(today, i - 29));
  const perDay = new Map(days.map((d) => [d, 0]));
  for (const r of Object.values(state.reviews)) for (const e of r.log ?? []) {
    if (perDay.has(dayOfEntry(e))) perDay.set(dayOfEntry(e), perDay.get(dayOfEntry(e)) + 1);
  }
  const counts = days.map((d) => perDay.get(d));
  const total = counts.reduce((a, b) => a + b, 0);
  const most = Math.max(1, ...counts);
  const chart = svg("svg", { viewBox: "0 0 300 64", class: "lg-chart", role: "img",
    "aria-label": `Reviews per day over the last 30 days: ${total} in all, at most ${Math.max(...counts)} on one day.` });
  counts.forEach((n, i) => {
    const h = n ? Math.max(2, (56 * n) / most) : 0;
    const bar = svg("rect", { x: String(i * 10 + 1), y: String(58 - h), width: "8", height: String(h), class: "lg-chart__bar" });
    const title = svg("title", {});
    title.textContent = `${days[i]}: ${n}`;
    bar.append(title);
    chart.append(bar);
  });
  chart.append(svg("line", { x1: "0", y1: "58.5", x2: "300", y2: "58.5", class: "lg-chart__axis" }));
  return el("figure", { class: "lg-chart__figure" }, chart,
    el("figcaption", { text: `Reviews per day, ${days[0]} to ${today}: ${total} in all.` }));
}

function settingsForm(state) {
  const tryFirst = el("input", { type: "checkbox", id: "lg-setting-try-first" });
  tryFirst.checked = state.settings.tryFirst !== false;
  tryFirst.addEventListener("change", () => update((s) => { s.settings.tryFirst = tryFirst.checked; }));
  const limit = el("input", { type: "number", id: "lg-setting-new", min: "0", max: "200", step: "1", value: String(state.settings.newPerDay) });
  limit.addEventListener("change", () => {
    const n = Math.round(Number(limit.value));
    if (Number.isFinite(n) && n >= 0 && n <= 200) update((s) => { s.settings.newPerDay = n; });
  });
  return el("div", { class: "lg-settings" },
    el("p", { class: "lg-practice__check" }, tryFirst, el("label", { for: tryFirst.id, text: "Try first: keep the model answer folded until I ask for it" })),
    el("p", {}, el("label", { for: limit.id, text: "New questions per day " }), limit));
}

function summary(data, root) {
  const state = load();
  const parts = [];
  const link = (url, text) => el("a", { href: new URL(url, root).href, text });
  if (state.diagnostic) {
    const d = state.diagnostic;
    const query = new URLSearchParams({ a: d.answers, w: d.weeks, h: d.hours, l: d.level, ...(d.loop ? { t: d.loop } : {}) }).toString();
    const phase = data.phases.find((p) => p.id === d.start);
    parts.push(el("h2", { text: "Diagnostic" }), el("p", {}, "Your diagnostic says: start with ",
      phase ? link(phase.url, phase.name) : "the phase in your result", ". ",
      link(`${data.diagnostic_url}?${query}`, "Open your result and plan"), "."));
  } else {
    parts.push(el("h2", { text: "Diagnostic" }), el("p", {}, "Not taken yet. ", link(data.diagnostic_url, "Take the diagnostic"), "."));
  }
  parts.push(el("h2", { text: "Exit checklists" }));
  const list = el("ul", { class: "lg-progress__phases" });
  for (const phase of data.phases) {
    const done = phase.items.filter((id) => state.checklist[id] === true).length;
    const id = `lg-bar-${phase.id}`;
    list.append(el("li", {}, el("label", { for: id }, link(phase.url, phase.name), ` ${done} of ${phase.items.length}`),
      el("progress", { id, max: phase.items.length, value: done })));
  }
  parts.push(list, el("h2", { text: "Katas" }));
  const { solved } = counts(state, data.kata_ids);
  parts.push(el("p", { text: data.kata_ids.length ? `${solved} of ${data.kata_ids.length} solved.` : "No katas have been published yet." }));
  const today = dayOf();
  parts.push(el("h2", { text: "Questions practised" }),
    el("p", {}, "Seen, due and how often you recalled well. ", link(data.practice_url, "Practise"), " to add to it."),
    studyTable(state, data.study, today), reviewChart(state, today));
  if (data.mock_url) parts.push(...mockList(state, link, data.mock_url));
  return parts;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describe(state, kataIds) {
  const c = counts(state, kataIds);
  return `${plural(c.checklist, "checklist item")} ticked, ${plural(c.solved, "kata")} solved, ` +
    `${plural(c.code, "kata")} with saved code, ${plural(c.stories, "story draft")}, ` +
    `${plural(c.reviewed, "question")} reviewed, ${plural(c.flags, "flag")}, ${plural(c.notes, "note")}, ` +
    `diagnostic ${c.diagnostic ? "taken" : "not taken"}`;
}

// A modal <dialog> that says what will be replaced; resolves true when the reader confirms.
function ask(parent, heading, text, confirmLabel) {
  return new Promise((resolve) => {
    const titleId = "lg-confirm-title";
    const yes = el("button", { type: "button", class: "md-button md-button--primary", text: confirmLabel });
    const no = el("button", { type: "button", class: "md-button", text: "Cancel" });
    const dialog = el("dialog", { class: "lg-confirm", "aria-labelledby": titleId },
      el("h2", { id: titleId, text: heading }), ...text.map((t) => el("p", { text: t })),
      el("div", { class: "lg-progress__controls" }, yes, no));
    const close = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    yes.addEventListener("click", () => close(true));
    no.addEventListener("click", () => close(false));
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(false); });
    parent.append(dialog);  // inside the article, so the guide's button styles apply
    dialog.showModal();
    no.focus();
  });
}

const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function mockList(state, link, mockUrl) {
  const mine = Object.values(state.mocks ?? {}).filter((m) => m.role === "candidate" && m.status !== "abandoned")
    .sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
  const parts = [el("h2", { text: "Mock interviews" })];
  if (!mine.length) return [...parts, el("p", {}, "None yet. ", link(mockUrl, "Start a mock interview"), ".")];
  const list = el("ul", { class: "lg-progress__mocks" });
  for (const m of mine) {
    const strong = (m.items ?? []).flatMap((i) => i.grade?.strong ?? []);
    const hit = strong.filter(Boolean).length;
    const when = new Date(m.startedAt).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
    const result = m.status === "done"
      ? `${hit} of ${strong.length} strong signals (${strong.length ? Math.round((100 * hit) / strong.length) : 0}%)`
      : "in progress";
    list.append(el("li", {}, link(`${mockUrl}?report=${encodeURIComponent(m.id)}`, `${m.label}, ${when}`), `: ${result}, seed ${m.seed}`));
  }
  return [...parts, list];
}

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/progress.css");

  const data = JSON.parse(widget.dataset.lgData);
  const notice = el("div", { class: "lg-progress__notice", role: "status", "data-lg-store-notice": "" });
  const view = el("div", { class: "lg-progress__view" });
  const restoreBox = el("div", { class: "lg-progress__restore" });
  const render = () => {
    view.replaceChildren(...summary(data, root));
    const kept = backup();
    const restoreButton = el("button", { type: "button", class: "md-button", text: "Restore previous progress" });
    restoreButton.addEventListener("click", async () => {
      const now = load();
      if (!await ask(widget, "Restore previous progress?", [`Stored now: ${describe(now, data.kata_ids)}.`,
        `Restored: ${describe(kept, data.kata_ids)}.`, "What is stored now is kept in its place, so you can switch back."],
      "Restore")) return;
      notice.textContent = restoreBackup() ?? "Previous progress restored. What you had before is kept, so you can switch back.";
      render();
    });
    restoreBox.replaceChildren(...(kept ? [el("p", { text: `Kept from before your last import or clear: ${describe(kept, data.kata_ids)}.` }), restoreButton] : []));
  };
  widget.append(notice);
  render();
  const setAside = takeSetAsideNotice();
  if (storageProblem()) {
    notice.textContent = storageProblem();
  } else if (setAside) {
    notice.textContent = "Saved progress in this browser could not be read. It was set aside, not deleted " +
      `(under the name ${setAside} in this site's storage), and you are starting fresh.`;
  } else if (!persistent()) {
    notice.textContent = "This browser is not letting the guide store data, so progress lasts only until you close the tab.";
  }
  const unreadable = unreadableLeftInPlace();
  const rescue = unreadable === null ? null
    : el("button", { type: "button", class: "md-button", text: "Save the unreadable data to a file and start fresh" });
  rescue?.addEventListener("click", () => {
    download(unreadableLeftInPlace() ?? "", "loopguide-unreadable-progress.txt", "text/plain");
    notice.textContent = discardUnreadable() ? "The unreadable data is in loopguide-unreadable-progress.txt, and progress is saved again."
      : storageProblem();
    rescue.remove();
    render();
  });

  const exportButton = el("button", { type: "button", class: "md-button", text: "Export progress" });
  exportButton.addEventListener("click", () => {
    download(exportText(), "loopguide-progress.json", "application/json");
    notice.textContent = "Progress exported to loopguide-progress.json.";
  });
  const fileInput = el("input", { type: "file", id: "lg-import", accept: "application/json,.json" });
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      notice.textContent = `That file is ${megabytes(file.size)}, larger than a browser lets the guide store ` +
        `(about ${megabytes(MAX_IMPORT_BYTES)}), so it cannot be a progress export that fits here. Nothing was changed.`;
      return;
    }
    let incoming;
    try {
      incoming = parseExport(await file.text());
    } catch (error) {
      notice.textContent = error.message;
      return;
    }
    if (!await ask(widget, "Replace your progress?", [`Stored now: ${describe(load(), data.kata_ids)}.`,
      `In the file: ${describe(incoming, data.kata_ids)}.`,
      "What is stored now is kept as a backup you can restore on this page."], "Import and replace")) {
      notice.textContent = "Import cancelled. Nothing was changed.";
      return;
    }
    notice.textContent = replace(incoming) ?? "Progress imported. Your previous progress is kept; use Restore previous progress to go back.";
    render();
  });
  const clearButton = el("button", { type: "button", class: "md-button", text: "Clear progress" });
  clearButton.addEventListener("click", async () => {
    if (!await ask(widget, "Clear your progress?", [`Stored now: ${describe(load(), data.kata_ids)}.`,
      "It is kept as a backup you can restore on this page until your next import or clear."], "Clear")) return;
    notice.textContent = clear() ?? "Progress cleared. Use Restore previous progress to go back.";
    render();
  });
  const controls = el("div", { class: "lg-progress__controls" }, exportButton,
    el("label", { for: "lg-import", class: "md-button", text: "Import progress" }), fileInput, clearButton);
  widget.append(view, el("h2", { text: "Practice settings" }), settingsForm(load()), el("h2", { text: "Keep a copy" }),
    el("p", { text: "Progress lives in this browser only. Export it to move to another device or to keep a backup." }),
    controls, restoreBox);
  if (rescue) notice.after(rescue);
  widget.classList.add("lg-js");
  document.addEventListener("lg-progress", render);
}

function download(text, name, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
