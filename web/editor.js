// Source of docs/assets/vendor/editor.js (built by `make editor`; the built file is committed).
// A small CodeMirror 6 editor for Python with the accessible name the kata page gives it.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorSelection, EditorState } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentOnInput, bracketMatching, syntaxHighlighting, HighlightStyle, indentUnit } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { python } from "@codemirror/lang-python";

// Colours come from Material's code-block variables, so the editor follows the light and dark
// schemes with the contrast Material (and loopguide.css) already give code blocks.
const hl = (name) => `var(--md-code-hl-${name}-color)`;
const materialHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: hl("keyword") },
  { tag: [t.string, t.special(t.string), t.regexp], color: hl("string") },
  { tag: [t.number, t.bool, t.null, t.atom], color: hl("number") },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName)), t.definition(t.function(t.variableName))], color: hl("function") },
  { tag: [t.className, t.definition(t.className), t.typeName], color: hl("constant") },
  { tag: [t.comment, t.lineComment, t.blockComment], color: hl("comment"), fontStyle: "italic" },
  { tag: [t.operator, t.punctuation, t.bracket], color: hl("operator") },
  { tag: [t.propertyName, t.attributeName], color: hl("name") },
  { tag: [t.self, t.special(t.variableName)], color: hl("special") },
  { tag: t.invalid, color: "var(--md-typeset-del-color, #c62828)" },
]);
const materialTheme = EditorView.theme({
  "&": { color: "var(--md-code-fg-color)", backgroundColor: "var(--md-code-bg-color)" },
  ".cm-content": { caretColor: "var(--md-code-fg-color)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--md-code-fg-color)" },
  ".cm-gutters": { backgroundColor: "var(--md-code-bg-color)", color: "color-mix(in srgb, var(--md-code-fg-color) 75%, var(--md-code-bg-color))", borderRight: "1px solid var(--md-default-fg-color--lightest)" },
  // no tint behind the active line: any tint takes the keyword colour under 4.5:1 in the light scheme
  ".cm-activeLine": { backgroundColor: "transparent" },
  ".cm-activeLineGutter": { backgroundColor: "var(--md-default-fg-color--lightest)", color: "var(--md-code-fg-color)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--md-accent-fg-color--transparent)" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--md-accent-fg-color--transparent)", outline: "1px solid var(--md-default-fg-color--lighter)" },
});

// createEditor(parent, {doc, label, onChange, onRun, selection}) -> {get(), set(text), focus()}
// selection: {anchor, head} carried over from the text area the editor replaces.
export function createEditor(parent, { doc, label, onChange, onRun, selection }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      selection: selection && EditorSelection.single(Math.min(selection.anchor, doc.length), Math.min(selection.head, doc.length)),
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), indentOnInput(),
        bracketMatching(), closeBrackets(), indentUnit.of("    "),
        materialTheme, syntaxHighlighting(materialHighlight), python(),
        keymap.of([
          { key: "Mod-Enter", run: () => { onRun?.(); return true; } },
          ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab,
        ]),
        // tabindex: on a phone the code scrolls sideways, and a scrollable region must hold
        // something focusable (axe scrollable-region-focusable); contenteditable alone does not count.
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange?.(update.state.doc.toString()); }),
      ],
    }),
  });
  return {
    get: () => view.state.doc.toString(),
    set: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
