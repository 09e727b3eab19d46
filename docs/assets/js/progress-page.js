// The Progress page: diagnostic result, checklist completion per phase, katas, export and import.
// An import or a clear says what it will replace and asks first; the state before it can be restored.
import {
  load, exportText, parseExport, replace, clear, backup, restoreBackup, counts, persistent,
  storageProblem, takeSetAsideNotice, unreadableLeftInPlace, discardUnreadable, MAX_IMPORT_BYTES,
} from "./progress.js";
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
  const { solved } = counts(state, data.kata_ids);
  parts.push(el("p", { text: data.kata_ids.length ? `${solved} of ${data.kata_ids.length} solved.` : "No katas have been published yet." }));
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

export function mount(widget, { root }) {
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
  widget.append(view, el("h2", { text: "Keep a copy" }),
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
