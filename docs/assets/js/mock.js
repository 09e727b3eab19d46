// The mock interview at /mock/: choose a loop, a level and a focus, then start. The running mock
// (mock-run.js) and the draw's pool load only when a mock starts or resumes, so the page stays light.
import { el, stylesheet } from "./dom.js";
import * as progress from "./progress.js";

const LEVELS = ["junior", "mid", "senior", "staff"];

export function newSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

// Seed and choices from a shared link, or null when the link carries none.
export function choicesFromQuery(params, data) {
  const seed = Number(params.get("seed"));
  if (!params.has("seed") || !Number.isInteger(seed) || seed < 0 || seed > 0xFFFFFFFF) return null;
  const presets = data.presets.map((p) => p.id);
  const preset = presets.includes(params.get("preset")) ? params.get("preset") : "custom";
  const known = new Set(data.rounds.map((r) => r.round));
  const choices = { preset, level: params.get("level") || "mid", focus: params.get("focus") || null,
                    avoid: (params.get("x") || "").split(",").filter(Boolean) };
  if (preset === "custom") choices.rounds = (params.get("rounds") || "").split(",").filter((r) => known.has(r));
  return { seed, choices };
}

// The setup form: a preset or chosen rounds, a level, and the diagnostic's weakest phase as focus.
function setup(view, data, { root, start, interview }) {
  const params = new URLSearchParams(location.search);
  const shared = choicesFromQuery(params, data);
  const diagnostic = progress.load().diagnostic;
  const focusPhase = shared ? shared.choices.focus : diagnostic?.start ?? null;
  const form = el("form", { class: "lg-mock__setup", novalidate: true });
  if (shared) {
    form.append(el("p", { class: "lg-mock__notice", text: `A shared mock (seed ${shared.seed}). Start it to get the same questions.` }));
  }
  const loop = el("fieldset", {}, el("legend", { text: "Loop" }));
  const choose = (id, name, summary) => {
    const input = el("input", { type: "radio", name: "lg-mock-preset", id: `lg-mock-p-${id}`, value: id, "aria-describedby": `lg-mock-p-${id}-d` });
    loop.append(el("div", { class: "lg-mock__choice" }, input, el("label", { for: input.id, text: name }),
      el("span", { id: `lg-mock-p-${id}-d`, class: "lg-mock__hint", text: summary })));
    return input;
  };
  const radios = data.presets.map((p) => choose(p.id, p.name, p.summary));
  radios.push(choose("custom", "Choose rounds", "Any rounds of the loop, in the order listed."));
  const wanted = shared?.choices.preset ?? data.presets[0].id;
  (radios.find((r) => r.value === wanted) ?? radios[0]).checked = true;

  const roundsBox = el("fieldset", { class: "lg-mock__rounds" }, el("legend", { text: "Rounds" }));
  const roundInputs = data.rounds.map((r) => {
    const input = el("input", { type: "checkbox", id: `lg-mock-r-${r.round}`, value: r.round });
    input.checked = shared?.choices.rounds ? shared.choices.rounds.includes(r.round) : true;
    roundsBox.append(el("div", { class: "lg-mock__choice" }, input, el("label", { for: input.id, text: r.name })));
    return input;
  });
  const showRounds = () => { roundsBox.hidden = !radios.find((r) => r.value === "custom").checked; };
  radios.forEach((r) => r.addEventListener("change", showRounds));
  showRounds();

  const level = el("select", { id: "lg-mock-level" });
  for (const [id, name] of data.levels) level.append(el("option", { value: id, text: name }));
  level.value = LEVELS.includes(shared?.choices.level) ? shared.choices.level : (LEVELS.includes(diagnostic?.level) ? diagnostic.level : "mid");

  const focus = el("input", { type: "checkbox", id: "lg-mock-focus", disabled: !focusPhase });
  focus.checked = Boolean(shared?.choices.focus);
  const focusText = focusPhase
    ? `Focus on my weakest phase: ${data.phase_names[focusPhase] ?? focusPhase}`
    : "Focus on my weakest phase (take the diagnostic first)";
  const focusRow = el("div", { class: "lg-mock__choice" }, focus, el("label", { for: focus.id, text: focusText }));
  if (!focusPhase && data.diagnostic_url) focusRow.append(" ", el("a", { href: new URL(data.diagnostic_url, root).href, text: "Take the diagnostic" }));

  const error = el("p", { class: "lg-mock__error", role: "alert" });
  const startButton = el("button", { type: "submit", class: "md-button md-button--primary", text: "Start mock" });
  const interviewButton = el("button", { type: "button", class: "md-button", text: "Interview a friend" });
  form.append(loop, roundsBox, el("div", { class: "lg-mock__field" }, el("label", { for: level.id, text: "Level" }), level),
    focusRow, error, el("div", { class: "lg-mock__actions" }, startButton, interviewButton));

  const chosen = () => {
    const preset = radios.find((r) => r.checked).value;
    const choices = { preset, level: level.value, focus: focus.checked ? focusPhase : null };
    if (preset === "custom") choices.rounds = roundInputs.filter((i) => i.checked).map((i) => i.value);
    if (shared) choices.avoid = shared.choices.avoid;  // otherwise the run weighs the reader's own reviews
    if (preset === "custom" && !choices.rounds.length) {
      error.textContent = "Choose at least one round.";
      return null;
    }
    return choices;
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const choices = chosen();
    if (choices) start(shared?.seed ?? newSeed(), choices, error);
  });
  interviewButton.addEventListener("click", () => {
    const choices = chosen();
    if (choices) interview(shared?.seed ?? newSeed(), choices, error);
  });
  view.replaceChildren(el("h2", { text: "Choose your loop", tabindex: "-1" }), form);
}

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/mock.css");
  const data = JSON.parse(widget.dataset.lgData);
  const live = el("p", { class: "lg-sr-only", role: "status" });
  const view = el("div", { class: "lg-mock__view" });
  widget.querySelector(".lg-nojs")?.remove();
  widget.append(live, view);
  widget.classList.add("lg-js");
  let run = null;
  const runner = () => run ?? (run = Promise.all([
    import("./mock-run.js"),
    fetch(new URL(data.pool_url, root).href).then((r) => { if (!r.ok) throw new Error(`${r.status}`); return r.json(); }),
  ]).then(([module, pool]) => module.createRun(widget, view, live, { ...data, pool }, root, begin)).catch((error) => {
    run = null;
    throw error;
  }));
  const failed = (error) => {
    console.error(error);
    view.replaceChildren(el("p", { class: "lg-mock__error", text: "The mock could not load. Check your connection and reload the page." }));
  };
  const start = (seed, choices, error) => runner().then((r) => r.start(seed, choices, error)).catch(failed);
  const interview = (seed, choices, error) => runner().then((r) => r.interview(seed, choices, error)).catch(failed);

  function begin() {
    const params = new URLSearchParams(location.search);
    const all = progress.mocks();
    const wanted = params.get("report");
    const running = Object.values(all).filter((m) => m.status === "running" && m.role === "candidate")
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    const resume = wanted && all[wanted]?.role === "candidate" ? all[wanted] : (!params.has("seed") && running) || null;
    if (resume) {
      view.replaceChildren(el("p", { role: "status", text: "Loading your mock…" }));
      runner().then((r) => r.show(resume, { focus: false })).catch(failed);
    } else {
      setup(view, data, { root, start, interview });
    }
  }
  begin();
}
