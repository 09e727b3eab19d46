"""Offline, as an installable web app (#18 point 1), in Debian's Chromium.

A small guide (three questions and a pure-Python kata) is built twice with the engine under test:
site A, and site B with a changed home page. Both are served at one address through a symlink, so
swapping the symlink publishes the new build the way a deploy does.

Found while writing these: Playwright's `context.set_offline(True)` covers the service worker's own
fetches in this Chromium (an unvisited page then fails even though the worker tries the network,
and the worker answers with its "You are offline" page), so the local server can stay up; the
first test checks exactly that before trusting it.
"""
from __future__ import annotations

import json
import pathlib
import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect

from browser import at, serious_violations, serve
from conftest import ROOT, build_site, make_project

pytestmark = pytest.mark.browser
KEY = "loopguide.progress.v1"
KATA = "reciprocal-rank-fusion"  # standard library only
QUESTIONS = sorted(p.name for p in (ROOT / "data" / "questions" / "llm-rag").glob("*.yaml"))[:3]
VISITED, UNVISITED = (f"/questions/llm-rag/{name.removesuffix('.yaml')}/" for name in QUESTIONS[:2])
CHANGED = "The guide as rebuilt for the update test."
PROMPT = "A new version of the guide is available."
KATA_RUN_S = 90  # a cold Pyodide start on two shared cores


def without_related(path: pathlib.Path) -> str:
    """An item's YAML without its related links (the small guide lacks most of their targets)."""
    return re.sub(r"^related: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M)


@pytest.fixture(scope="module")
def sites(tmp_path_factory, engine: str) -> tuple[pathlib.Path, pathlib.Path]:
    root = make_project(tmp_path_factory.mktemp("offline"), {
        f"llm-rag/{name}": without_related(ROOT / "data" / "questions" / "llm-rag" / name) for name in QUESTIONS})
    (root / "data" / "katas").mkdir()
    (root / "data" / "katas" / f"{KATA}.yaml").write_text(without_related(ROOT / "data" / "katas" / f"{KATA}.yaml"), encoding="utf-8")
    built = []
    for name in ("site-a", "site-b"):
        if name == "site-b":
            home = root / "docs" / "index.md"
            home.write_text(home.read_text(encoding="utf-8") + f"\n{CHANGED}\n", encoding="utf-8")
        result = build_site(root, root / name, engine)
        assert result.returncode == 0, result.stderr[-4000:]
        built.append(root / name)
    return built[0], built[1]


@pytest.fixture()
def published(sites, tmp_path):
    """(origin, publish): the site at a local address, serving site A; publish(site) swaps it."""
    served = tmp_path / "served"
    served.symlink_to(sites[0])

    def publish(site: pathlib.Path) -> None:
        served.unlink()
        served.symlink_to(site)

    with serve(served) as origin:
        yield origin, publish


@pytest.fixture()
def context(browser):
    context = browser.new_context()
    context.errors = []
    context.on("weberror", lambda error: context.errors.append(str(error.error)))
    yield context
    context.close()


def controlled(page) -> None:
    """Wait until the service worker is active and controls the page (its precache is complete then)."""
    page.evaluate("""async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    }""")


def go_offline(context, page) -> None:
    """Offline, with the HTTP cache emptied: what works now comes from the service worker's caches."""
    context.set_offline(True)
    context.new_cdp_session(page).send("Network.clearBrowserCache")


def run_kata_tests(page) -> str:
    kata = yaml_kata()
    page.get_by_role("textbox", name="Code editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(kata["solution"])
    page.get_by_role("button", name="Run tests", exact=True).click()
    page.locator(".lg-kata[aria-busy=false]").wait_for(timeout=KATA_RUN_S * 1000)
    return page.locator(".lg-kata__status").inner_text()


def yaml_kata() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "data" / "katas" / f"{KATA}.yaml").read_text(encoding="utf-8"))


def solved_text() -> str:
    return f"All {len(yaml_kata()['tests'])} tests passed. Kata solved."


def test_visited_pages_and_a_kata_work_offline(published, context):
    origin, _ = published
    page = context.new_page()
    page.goto(origin + "/")
    controlled(page)
    for path in ("/loop/", VISITED):
        page.goto(origin + path)
    page.goto(f"{origin}/katas/{KATA}/")
    assert run_kata_tests(page) == solved_text()  # the first run fetches Python, which is kept
    python = "async () => (await Promise.all((await caches.keys()).filter((n) => n.startsWith('lg-pyodide-'))" \
             ".map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat()"
    assert any(url.endswith("/pyodide.asm.wasm") for url in page.evaluate(python))

    go_offline(context, page)
    probe = context.new_page()
    probe.goto(origin + UNVISITED)  # offline really is offline, for the worker too: never visited,
    expect(probe.get_by_role("heading", level=1)).to_contain_text("You are offline")  # it falls back
    expect(probe.get_by_role("link", name="Your progress")).to_be_visible()
    probe.close()
    page.goto(origin + VISITED)
    title = page.locator("h1").inner_text()
    page.reload()
    expect(page.locator("h1")).to_have_text(title)
    page.get_by_role("link", name="The loop", exact=True).first.click()  # instant navigation, offline
    page.wait_for_url(at("/loop/"))
    expect(page.locator("h1")).to_contain_text("loop")
    page.goto(f"{origin}/katas/{KATA}/")
    assert run_kata_tests(page) == solved_text()
    assert context.errors == []


def test_the_whole_guide_can_be_saved_for_offline_reading(published, context, sites):
    origin, _ = published
    guide = json.loads((sites[0] / "offline.json").read_text(encoding="utf-8"))
    megabytes = sum(g["gzip"] for g in guide["groups"]) / 2**20
    page = context.new_page()
    page.goto(origin + "/progress/")
    controlled(page)
    offline = page.locator(".lg-offline")
    expect(offline).to_contain_text(f"a download of about {megabytes:.1f} MB")
    statuses = []
    page.expose_function("lgStatus", lambda text: statuses.append(text))
    page.evaluate("""() => new MutationObserver(() => lgStatus(document.querySelector('.lg-offline [role=status]').textContent))
      .observe(document.querySelector('.lg-offline [role=status]'), {childList: true, characterData: true, subtree: true})""")
    page.get_by_role("button", name="Make the whole guide available offline").click()
    done = offline.get_by_role("status")
    expect(done).to_contain_text("Done: the whole guide", timeout=120_000)
    total = sum(g["count"] for g in guide["groups"])
    assert any(re.fullmatch(rf"Saving for offline reading: \d+ of {total} files\.", s) for s in statuses), statuses
    bar = page.get_by_role("progressbar", name="Saving the guide for offline reading")
    assert bar.get_attribute("max") == str(total) and bar.evaluate("b => b.value") == total
    assert serious_violations(page) == []

    go_offline(context, page)
    page.goto(origin + "/")  # search works offline too, and finds a page never visited
    title = yaml.safe_load((ROOT / "data" / "questions" / "llm-rag" / QUESTIONS[1]).read_text(encoding="utf-8"))["title"]
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type(max(re.findall(r"[a-z]{4,}", title.lower()), key=len), delay=30)
    page.get_by_role("list", name="Search results").get_by_role("link").filter(has_text=title).first.click()
    page.wait_for_url(at(UNVISITED))  # never visited: saved by the button
    expect(page.locator(".md-content h1")).to_contain_text(title)
    page.goto(f"{origin}/katas/{KATA}/")  # Python was saved too, though no kata has run yet
    assert run_kata_tests(page) == solved_text()
    assert context.errors == []


def test_a_new_build_is_announced_and_taken_only_on_reload_with_progress_intact(published, context, sites):
    origin, publish = published
    page = context.new_page()
    page.goto(origin + "/")
    controlled(page)
    page.goto(origin + "/phases/phase-1/")
    page.get_by_role("checkbox").first.check()
    progress = page.evaluate(f"localStorage.getItem('{KEY}')")
    assert json.loads(progress)["checklist"]

    publish(sites[1])
    page.goto(origin + "/loop/")  # a navigation: the browser finds the new worker
    prompt = page.get_by_role("status").filter(has_text=PROMPT)
    expect(prompt).to_be_visible(timeout=60_000)
    page.goto(origin + "/")  # the old worker still serves the old build, whole, and asks again
    expect(prompt).to_be_visible(timeout=30_000)
    assert CHANGED not in page.locator("article").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Reload", exact=True).click()
    expect(page.locator("article")).to_contain_text(CHANGED, timeout=30_000)
    expect(prompt).to_have_count(0)
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == progress
    build_b = json.loads((sites[1] / "offline.json").read_text(encoding="utf-8"))["build"]
    stale = "async (build) => (await caches.keys()).filter((n) => /^lg-(pages|files)-/.test(n) && !n.endsWith(build))"
    for _ in range(20):  # the new worker deletes the old build's caches as it takes over, and on navigations
        if not page.evaluate(stale, build_b):
            break
        page.wait_for_timeout(250)
        page.goto(origin + "/loop/")
    assert not page.evaluate(stale, build_b)
    page.goto(origin + "/loop/")  # and keeps its own: the page just visited is in the new build's cache
    assert page.evaluate("async (build) => !!(await (await caches.open(`lg-pages-${build}`)).match(location.href))", build_b)
    assert context.errors == []


def test_an_older_page_leaves_progress_saved_by_a_newer_version_alone(published, context):
    origin, _ = published
    page = context.new_page()
    page.goto(origin + "/loop/")
    newer = json.dumps({"version": 99, "checklist": {"p1-x": True}, "diagnostic": None, "katas": {}, "stories": {},
                        "reviews": {}, "flags": {}, "notes": {}, "settings": {}, "something_new": [1, 2]})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, newer])
    page.goto(origin + "/phases/phase-1/")
    expect(page.get_by_role("status").filter(has_text="saved by a newer version of the guide. Reload the page to use it")).to_be_visible()
    page.get_by_role("checkbox").first.check()  # works on the page, kept in memory only
    assert [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith("loopguide")] == [KEY]  # nothing set aside
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == newer
    page.goto(origin + "/progress/")
    expect(page.get_by_role("button", name=re.compile("unreadable"))).to_have_count(0)
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == newer
