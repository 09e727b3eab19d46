"""mkdocs.yml and the schemas agree with each other and with the data."""
from __future__ import annotations

import json

import yaml

from conftest import ROOT
from loopguide.validate import load_guide


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def defs() -> dict:
    return json.loads((ROOT / "schemas" / "defs.schema.json").read_text(encoding="utf-8"))["$defs"]


def test_tags_allowed_mirrors_the_topic_enum():
    tags = next(p["tags"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "tags" in p)
    assert sorted(tags["tags_allowed"]) == sorted(defs()["topic"]["enum"])


def test_schema_vocabularies_match_the_data():
    guide = load_guide(ROOT)
    assert {r["id"] for r in guide.rounds} == set(defs()["round"]["enum"])
    assert {c["id"] for c in guide.categories} == set(defs()["category"]["enum"])
    assert {p["id"] for p in guide.phases} == set(defs()["phase"]["enum"])
    assert [lv["id"] for lv in guide.levels] == list(defs()["seniority"]["enum"])


def test_macros_are_opt_in_and_strict():
    macros = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    assert macros["render_by_default"] is False
    assert macros["on_error_fail"] is True and macros["on_undefined"] == "strict"


def test_serve_watches_content_and_schemas():
    assert {"data", "schemas"} <= set(mkdocs_config()["watch"])


def test_every_content_file_declares_its_schema():
    for path in (ROOT / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.exists(), f"{path}: {target} does not exist"
