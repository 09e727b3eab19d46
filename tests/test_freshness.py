"""Facts that move carry dates: provider-specific questions are reviewed, and `stale` lists what is due."""
from __future__ import annotations

import copy
import datetime
import pathlib
import re

import yaml

from conftest import EXEMPLAR, ROOT, loopguide, make_project
from loopguide import freshness
from loopguide.model import Guide
from loopguide.render import pages
from loopguide.validate import load_guide

# Providers, model families and serving products whose prices, defaults, limits and rankings change
# every few months. A question that names one must say when its claims were last checked.
PROVIDER_NAMES = (
    "OpenAI", "Anthropic", "Google DeepMind", "Gemini", "Gemma", "ChatGPT", "GPT-3.5", "GPT-4", "GPT-4o",
    "GPT-5", "Claude", "Llama", "LLaMA", "Mistral", "Mixtral", "Qwen", "DeepSeek", "Cohere", "Grok",
    "Bedrock", "Vertex AI", "Azure OpenAI", "vLLM", "SGLang", "TensorRT-LLM", "Pinecone", "Weaviate",
    "Qdrant", "Milvus", "LangChain", "LlamaIndex", "Groq",
)
_NAMED = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, PROVIDER_NAMES)) + r")(?!\w)")
GUIDE = load_guide(ROOT)


def providers_named(question: dict) -> set[str]:
    """The provider or product names in what the page says (references are citations, not claims)."""
    texts = [question["question"], question["measures"], question["answer"], *question["weak"],
             *question["strong"], *(part for f in question["follow_ups"] for part in (f["question"], f["answer"]))]
    return {m.group(1) for text in texts for m in _NAMED.finditer(text)}


def test_the_name_list_matches_whole_names_only():
    q = {"question": "Serve it with vLLM or SGLang?", "measures": "", "answer": "GPT-4o and Llama 3; not llama.cpp",
         "weak": ["OpenAIish", "pre-Claude"], "strong": [], "follow_ups": [{"question": "x", "answer": "Claude's limits"}]}
    assert providers_named(q) == {"vLLM", "SGLang", "GPT-4o", "Llama", "Claude"}


def test_questions_that_name_a_provider_carry_a_review_date():
    named = {q["id"]: providers_named(q) for q in GUIDE.questions}
    assert sum(bool(n) for n in named.values()) >= 20  # the list does find the guide's provider-specific questions
    missing = {GUIDE.sources[i]: sorted(n) for i, n in named.items()
               if n and not next(q for q in GUIDE.questions if q["id"] == i).get("reviewed")}
    assert not missing, f'name a provider but have no `reviewed: "YYYY-MM-DD"`: {missing}'


def _exemplar() -> dict:
    q = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))
    q.pop("reviewed", None)
    return q


def _question(question_id: str, title: str, **extra: object) -> str:
    q = _exemplar()
    q.update(id=question_id, title=title, related=[], **extra)
    return yaml.safe_dump(q, sort_keys=False, allow_unicode=True, width=100)


def test_stale_lists_what_is_due_file_by_file(tmp_path: pathlib.Path):
    old_ref = {"title": "An old page", "url": "https://example.org/old", "checked": "2025-06"}
    fresh_ref = {"title": "A recent page", "url": "https://example.org/new", "checked": "2026-11"}
    root = make_project(tmp_path, {
        "llm-rag/fresh-one.yaml": _question("fresh-one", "A question reviewed last month",
                                            reviewed="2026-11-20", references=[fresh_ref, old_ref]),
        "llm-rag/old-one.yaml": _question("old-one", "A question reviewed two years ago", reviewed="2024-11-30"),
        "llm-rag/never-one.yaml": _question("never-one", "A question never reviewed"),
    })
    result = loopguide(root, "stale", "--months", "12", "--today", "2026-12-06")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "data/questions/llm-rag/fresh-one.yaml: reference 2 (An old page) last checked 2025-06, before 2025-12",
        "data/questions/llm-rag/never-one.yaml: question never reviewed",
        "data/questions/llm-rag/old-one.yaml: question last reviewed 2024-11-30, before 2025-12-06",
    ]
    assert "3 files due for review" in result.stderr
    longer = loopguide(root, "stale", "--months", "36", "--today", "2026-12-06")
    assert longer.stdout.splitlines() == ["data/questions/llm-rag/never-one.yaml: question never reviewed"]
    assert "1 file due for review" in longer.stderr
    refused = loopguide(root, "stale", "--months", "0")
    assert refused.returncode == 2 and "1 or more" in refused.stderr


def test_months_before_clamps_to_the_end_of_a_shorter_month():
    assert freshness.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert freshness.months_before(datetime.date(2026, 12, 6), 12) == datetime.date(2025, 12, 6)
    assert freshness.months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_dates_must_be_quoted_and_real(tmp_path: pathlib.Path):
    text = re.sub(r"^reviewed: .*\n", "", EXEMPLAR.read_text(encoding="utf-8"), flags=re.M)
    root = make_project(tmp_path, {
        "llm-rag/prefill-vs-decode.yaml": text + "reviewed: 2026-12-06\n",
    })
    result = loopguide(root, "validate")
    assert result.returncode == 1
    assert "reviewed: '2026-12-06' is read by YAML as a date; quote it" in result.stdout
    (root / "data/questions/llm-rag/prefill-vs-decode.yaml").write_text(text + 'reviewed: "2026-02-30"\n')
    assert "is not a valid date" in loopguide(root, "validate").stdout
    bad_month = text.replace("references:\n", "references:\n  - title: A page\n    url: https://example.org\n"
                                              "    checked: \"2026-13\"\n", 1)
    (root / "data/questions/llm-rag/prefill-vs-decode.yaml").write_text(bad_month)
    assert "references[0].checked" in loopguide(root, "validate").stdout


def test_question_and_case_pages_show_the_review_month(tmp_path: pathlib.Path):
    assert "· **Reviewed** December 2026" in pages(GUIDE)["cases/recommender-system.md"]
    base = load_guide(make_project(tmp_path))

    def page_with(reviewed: str | None) -> str:
        q = copy.deepcopy(_exemplar())
        if reviewed is not None:
            q["reviewed"] = reviewed
        guide = Guide(root=base.root, rounds=base.rounds, categories=base.categories, phases=base.phases,
                      questions=[q], topics=base.topics, calculators=base.calculators)
        return pages(guide)["questions/llm-rag/prefill-vs-decode.md"]

    assert "· **Reviewed** March 2025" in page_with("2025-03-31")
    assert "Reviewed" not in page_with(None)
    # a value that never went through validation is printed as escaped text, not markup
    page = page_with('<img src=x onerror="alert(1)">')
    assert "<img" not in page and "&lt;img" in page
