"""Progress is never lost (#13 point 6): an import asks and can be undone, a full or nearly full
storage keeps every widget working and says why progress could not be saved, oversized files are
refused before they are read, and imported kata marks count only the guide's own solved katas.
Each test is named after the security probe's finding it covers."""
from __future__ import annotations

import json
import pathlib

import pytest

from browser import at, serious_violations, serve
from conftest import ROOT

pytestmark = pytest.mark.browser
KEY = "loopguide.progress.v1"
KATA_COUNT = len(list((ROOT / "data" / "katas").glob("*.yaml")))
ITEM = "p1-bias-variance-scenario"
PRIOR = {"version": 1, "checklist": {ITEM: True}, "diagnostic": None,
         "katas": {"softmax": {"solved": True, "code": "def softmax(x):\n    return x\n"}},
         "stories": {"story-1": {"title": "The migration", "situation": "A pipeline lost data."}}}
V2_PARTS = {"version": 2, "reviews": {}, "flags": {}, "notes": {}, "settings": {"tryFirst": True, "newPerDay": 10}}


def as_v2(state: dict) -> dict:
    """A version 1 state as the store keeps it after migrating (#14: store v2)."""
    return state | V2_PARTS


# Fills the site's storage up to `free` characters below what the browser accepts, with a filler key.
FILL = """free => {
  const put = (n) => { try { localStorage.setItem('filler', 'x'.repeat(n)); return true; } catch { return false; } };
  let lo = 0, hi = 8 * 1024 * 1024;
  while (lo < hi) { const mid = Math.ceil((lo + hi) / 2); if (put(mid)) lo = mid; else hi = mid - 1; }
  put(Math.max(0, lo - free));
}"""


@pytest.fixture(scope="module")
def mini(mini_site: pathlib.Path):
    with serve(mini_site) as url:
        yield url


def export_file(tmp_path: pathlib.Path, progress: dict, name: str = "export.json") -> pathlib.Path:
    path = tmp_path / name
    path.write_text(json.dumps({"kind": "loopguide-progress", "version": 1, "progress": progress}), encoding="utf-8")
    return path


def empty_progress() -> dict:
    return {"version": 1, "checklist": {}, "diagnostic": None, "katas": {}, "stories": {}}


def plant(page, site: str, state) -> None:
    page.goto(site + "/loop/")  # a page without widgets: nothing reads the store before the test does
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, state if isinstance(state, str) else json.dumps(state, separators=(",", ":"))])


def stored(page):
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))


def open_progress(page, site: str) -> None:
    page.goto(site + "/progress/")
    page.locator(".lg-progress__view h2").first.wait_for()


def test_f14_empty_file_import_asks_first_and_can_be_undone(mini, page, tmp_path):
    plant(page, mini, PRIOR)
    open_progress(page, mini)
    page.get_by_label("Import progress").set_input_files(str(export_file(tmp_path, empty_progress())))
    dialog = page.get_by_role("dialog", name="Replace your progress?")
    dialog.wait_for()
    assert "Stored now: 1 checklist item ticked" in dialog.inner_text()
    assert "1 story draft" in dialog.inner_text()
    assert "In the file: 0 checklist items ticked" in dialog.inner_text()
    assert serious_violations(page) == []
    dialog.get_by_role("button", name="Cancel").click()
    page.get_by_role("status").filter(has_text="Import cancelled").wait_for()
    assert stored(page) == as_v2(PRIOR)

    page.get_by_label("Import progress").set_input_files(str(export_file(tmp_path, empty_progress())))
    page.get_by_role("dialog", name="Replace your progress?").get_by_role("button", name="Import and replace").click()
    page.get_by_role("status").filter(has_text="Progress imported.").wait_for()
    assert "0 of" in page.locator(".lg-progress__view").inner_text()
    assert stored(page) == as_v2(empty_progress())

    page.reload()  # the backup outlives the page
    page.get_by_role("button", name="Restore previous progress").click()
    page.get_by_role("dialog", name="Restore previous progress?").get_by_role("button", name="Restore").click()
    page.get_by_role("status").filter(has_text="Previous progress restored").wait_for()
    assert stored(page) == as_v2(PRIOR)  # checklist, kata with its code, and the story draft
    page.goto(mini + "/phases/phase-1/")
    assert page.get_by_role("checkbox").first.is_checked()
    assert page.errors == []


def test_f14_clear_asks_in_the_page_and_keeps_a_backup(mini, page):
    plant(page, mini, PRIOR)
    open_progress(page, mini)
    native: list[str] = []
    page.on("dialog", lambda d: (native.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Clear progress").click()
    assert not native, "window.confirm was used"
    page.get_by_role("dialog", name="Clear your progress?").get_by_role("button", name="Clear").click()
    page.get_by_role("status").filter(has_text="Progress cleared").wait_for()
    assert stored(page)["checklist"] == {}
    page.get_by_role("button", name="Restore previous progress").click()
    page.get_by_role("dialog").get_by_role("button", name="Restore").click()
    page.get_by_role("status").filter(has_text="Previous progress restored").wait_for()
    assert stored(page) == as_v2(PRIOR)


def test_f15_a_large_unreadable_value_leaves_every_widget_working(mini, page):
    page.goto(mini + "/")
    page.evaluate(f"localStorage.clear(); localStorage.setItem('{KEY}', 'x'.repeat(5242839))")
    page.goto(mini + "/phases/phase-1/")
    page.get_by_role("status").filter(has_text="no room to set it aside").wait_for()
    box = page.get_by_role("checkbox").first
    box.check()
    assert box.is_checked()
    assert "1 of" in page.locator(".lg-checklist__status").inner_text()
    assert not page.locator(".lg-error").count()
    assert page.evaluate(f"localStorage.getItem('{KEY}').length") == 5242839  # never lost

    open_progress(page, mini)
    assert not page.locator(".lg-error").count()
    assert "no room to set it aside" in page.locator(".lg-progress__notice").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the unreadable data to a file and start fresh").click()
    assert len(pathlib.Path(download.value.path()).read_text(encoding="utf-8")) == 5242839
    page.get_by_role("status").filter(has_text="progress is saved again").wait_for()
    page.goto(mini + "/phases/phase-1/")
    page.get_by_role("checkbox").first.check()
    page.reload()
    assert page.get_by_role("checkbox").first.is_checked()
    assert page.errors == []


def test_f16_a_full_storage_says_why_and_persistence_comes_back(mini, page, tmp_path):
    plant(page, mini, as_v2(PRIOR))
    page.evaluate(FILL, 16)
    open_progress(page, mini)
    assert "not letting the guide store data" not in page.locator(".lg-progress__notice").inner_text()
    big = empty_progress() | {"stories": {"story-1": {"title": "x" * 4000}}}
    page.get_by_label("Import progress").set_input_files(str(export_file(tmp_path, big)))
    page.get_by_role("dialog").get_by_role("button", name="Import and replace").click()
    page.get_by_role("status").filter(has_text="nothing was changed").wait_for()
    assert "1 of" in page.locator(".lg-progress__view").inner_text()
    assert stored(page) == as_v2(PRIOR)

    page.goto(mini + "/phases/phase-1/")
    boxes = page.get_by_role("checkbox")
    boxes.nth(1).check()
    page.get_by_role("status").filter(has_text="storage for the guide is full").wait_for()
    assert boxes.nth(1).is_checked() and "2 of" in page.locator(".lg-checklist__status").inner_text()

    page.evaluate("localStorage.removeItem('filler')")
    boxes.nth(2).check()  # room again: this write and the one before it are saved
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, True]
    assert page.errors == []


def test_f18_a_50_mb_file_is_refused_with_a_sentence(mini, page, tmp_path):
    plant(page, mini, PRIOR)
    open_progress(page, mini)
    huge = empty_progress() | {"stories": {"story-1": {"title": "x" * (50 * 1024 * 1024)}}}
    page.get_by_label("Import progress").set_input_files(str(export_file(tmp_path, huge, "huge.json")))
    notice = page.get_by_role("status").filter(has_text="Nothing was changed")
    notice.wait_for()
    assert "50.0 MB" in notice.inner_text() and "Failed to execute" not in notice.inner_text()
    assert not page.get_by_role("dialog", name="Replace your progress?").count()
    assert stored(page) == as_v2(PRIOR)


def test_f18_the_set_aside_notice_reaches_the_reader_on_the_first_page(mini, page):
    plant(page, mini, "not json")
    page.goto(mini + "/phases/phase-1/")
    page.get_by_role("status").filter(has_text="could not be read. It was set aside").wait_for()
    page.goto(mini + "/progress/")
    page.get_by_role("status").filter(has_text="set aside, not deleted").wait_for()
    kept = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('{KEY}.unreadable.'))")
    assert len(kept) == 1 and kept[0] in page.locator(".lg-progress__notice").inner_text()


def test_f18_only_the_guides_katas_solved_for_real_count(site, page):
    fake = {f"fake-{n}": {"solved": True} for n in range(50)}
    katas = fake | {"softmax": {"solved": "yes"}, "reciprocal-rank-fusion": {"solved": True}}
    plant(page, site, empty_progress() | {"katas": katas})
    open_progress(page, site)
    assert f"1 of {KATA_COUNT} solved." in page.locator(".lg-progress__view").inner_text()
    page.goto(site + "/katas/")
    page.wait_for_url(at("/katas/"))
    page.locator(".lg-solved").first.wait_for()
    assert page.locator(".lg-solved").count() == 1
