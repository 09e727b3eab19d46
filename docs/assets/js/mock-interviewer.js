// Interviewer mode: the same mock from the other side of the table, for a friend (on a phone, as
// often as not). Per item: the prompt to read out, the follow-ups to push, the answer and the
// signals to listen for, a scorecard; at the end a code the candidate imports into their report card.
import { el } from "./dom.js";
import * as progress from "./progress.js";
import { loadItem } from "./mock-content.js";
import { clockText, shareQuery, scorecardCode } from "./mock-report.js";
import { checklist, rubricFor } from "./mock-run.js";

export async function interviewerSheet(view, data, mock, { root, heading, roundOf }) {
  const roundNames = Object.fromEntries(data.rounds.map((r) => [r.round, r.name]));
  const candidateUrl = new URL(`mock/?${shareQuery(mock)}`, root).href;
  const link = el("input", { id: "lg-mock-candidate", type: "text", readonly: true, value: candidateUrl });
  view.replaceChildren(heading("Interviewer's sheet"),
    el("p", { text: `${mock.label}, seed ${mock.seed}. Read each prompt aloud, push the follow-ups one at a time, and tick what you hear.` }),
    el("label", { for: link.id, class: "lg-mock__label", text: "Send the candidate this link, so they get the same questions" }), link,
    el("p", { role: "status", text: "Loading the questions…" }));
  let contents;
  try {
    contents = await Promise.all(mock.items.map((item) => loadItem(root, item)));
  } catch (error) {
    console.error(error);
    view.lastChild.textContent = "The questions could not load. Check your connection and reload the page.";
    return;
  }
  view.lastChild.remove();
  const cards = [];
  mock.items.forEach((item, n) => {
    const content = contents[n];
    const round = roundOf(item);
    const rubric = rubricFor(data, item, content);
    item.signals = { strong: rubric.strong, weak: rubric.weak };
    item.title = content.title;
    item.url = content.url;
    const card = el("section", { class: "lg-mock__card", "aria-labelledby": `lg-mock-i-${n}` },
      el("h3", { id: `lg-mock-i-${n}`, text: `${n + 1}. ${roundNames[item.round]}: ${content.title}` }));
    const time = item.kind === "design" ? round.stages.map((s) => `${s.name} ${clockText(s.seconds)}`).join(", ")
      : item.kind === "kata" ? `${item.minutes} minutes` : `${clockText(round.item_seconds)} for the answer`;
    card.append(el("p", { class: "lg-mock__hint", text: `Time: ${time}` }),
      el("p", { class: "lg-mock__lead", text: "Read out:" }), el("div", { class: "lg-mock__prompt" }, ...content.prompt));
    if (content.followUps?.length && round.follow_ups) {
      const list = el("ol", { class: "lg-mock__pushes" });
      for (const fu of content.followUps.slice(0, round.follow_ups)) {
        list.append(el("li", {}, fu.question, el("details", {}, el("summary", { text: "What a good answer says" }), ...fu.answer)));
      }
      card.append(el("p", { class: "lg-mock__lead", text: "Then push back, one at a time:" }), list);
    }
    if (content.answer) card.append(el("details", { class: "lg-mock__answer" }, el("summary", { text: "The model answer" }), ...content.answer));
    if (content.design) card.append(el("details", { class: "lg-mock__answer" }, el("summary", { text: "The worked design" }), ...content.design));
    const strong = checklist("Scorecard: strong signals you heard", rubric.strong, item.grade?.strong, `lg-i-${n}-s`);
    const weak = checklist("Scorecard: weak signals you heard", rubric.weak, item.grade?.weak, `lg-i-${n}-w`);
    const keep = () => {
      item.grade = { strong: strong.read(), weak: weak.read() };
      progress.updateMock(mock.id, (m) => { m.items[n] = item; });
    };
    strong.box.addEventListener("change", keep);
    weak.box.addEventListener("change", keep);
    item.grade = { strong: strong.read(), weak: weak.read() };
    card.append(strong.box, weak.box);
    cards.push(card);
  });
  progress.updateMock(mock.id, (m) => { m.items = mock.items; });
  const code = el("textarea", { id: "lg-mock-code", rows: "3", readonly: true, spellcheck: "false" });
  const codeBox = el("div", { class: "lg-mock__code", hidden: true },
    el("label", { for: code.id, class: "lg-mock__label", text: "Scorecard code" }), code,
    el("p", { text: "The candidate pastes it under “Your interviewer's scorecard” on their report card." }));
  const make = el("button", { type: "button", class: "md-button md-button--primary", text: "Make the scorecard code" });
  make.addEventListener("click", () => {
    code.value = scorecardCode(mock);
    codeBox.hidden = false;
    progress.updateMock(mock.id, (m) => { m.status = "done"; });
    code.focus();
    code.select();
  });
  view.append(...cards, el("div", { class: "lg-mock__actions" }, make), codeBox);
}
