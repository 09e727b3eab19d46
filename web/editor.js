// Source of docs/assets/vendor/editor.js (built by `make editor`; the built file is committed).
// A small CodeMirror 6 editor for Python with the accessible name the kata page gives it.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentUnit } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { python } from "@codemirror/lang-python";

// createEditor(parent, {doc, label, onChange, onRun}) -> {get(), set(text), focus()}
export function createEditor(parent, { doc, label, onChange, onRun }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), indentOnInput(),
        bracketMatching(), closeBrackets(), indentUnit.of("    "),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }), python(),
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
