// The Progress page: diagnostic result, checklist completion per phase, katas, export and import.
import { load, exportText, importText, clear, recoveredKey, persistent } from "./progress.js";
import { el } from "./dom.js";

function summary(data, root) {
  const state = load();
  const parts = [];
  const link = (url, text) => el("a", { href: new URL(url, root).href, text });
  if (state.diagnostic) {
    const d = state.diagnostic;
    const query = new URLSearchParams({ a: d.answers, w: d.weeks, h: d.hours, l: d.level }).toString();
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
  const solved = Object.entries(state.katas).filter(([, k]) => k && k.solved).length;
  parts.push(el("p", { text: data.katas ? `${solved} of ${data.katas} solved.` : "No katas have been published yet." }));
  if (data.mock_url) parts.push(...mockList(state, link, data.mock_url));
  return parts;
}

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

export function mount(widget, { root }) {
  const data = JSON.parse(widget.dataset.lgData);
  const notice = el("div", { class: "lg-progress__notice", role: "status" });
  const view = el("div", { class: "lg-progress__view" });
  const render = () => view.replaceChildren(...summary(data, root));
  render();
  if (recoveredKey()) {
    notice.textContent = "Saved progress in this browser could not be read. It was set aside, not deleted, and you are starting fresh.";
  } else if (!persistent()) {
    notice.textContent = "This browser is not letting the guide store data, so progress lasts only until you close the tab.";
  }

  const exportButton = el("button", { type: "button", class: "md-button", text: "Export progress" });
  exportButton.addEventListener("click", () => {
    const blob = new Blob([exportText()], { type: "application/json" });
    const a = el("a", { href: URL.createObjectURL(blob), download: "loopguide-progress.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    notice.textContent = "Progress exported to loopguide-progress.json.";
  });
  const fileInput = el("input", { type: "file", id: "lg-import", accept: "application/json,.json" });
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    if (!file) return;
    try {
      importText(await file.text());
      notice.textContent = "Progress imported.";
      render();
    } catch (error) {
      notice.textContent = error.message;
    }
    fileInput.value = "";
  });
  const clearButton = el("button", { type: "button", class: "md-button", text: "Clear progress" });
  clearButton.addEventListener("click", () => {
    if (!confirm("Clear all progress saved in this browser? Export it first if you want a copy.")) return;
    clear();
    notice.textContent = "Progress cleared.";
    render();
  });
  const controls = el("div", { class: "lg-progress__controls" }, exportButton,
    el("label", { for: "lg-import", class: "md-button", text: "Import progress" }), fileInput, clearButton);
  widget.append(notice, view, el("h2", { text: "Keep a copy" }),
    el("p", { text: "Progress lives in this browser only. Export it to move to another device or to keep a backup." }), controls);
  widget.classList.add("lg-js");
  document.addEventListener("lg-progress", render);
}
