"""The one place browser tests learn which engine built the page they drive: what differs between
Material for MkDocs' and Zensical's own widgets (our widgets are the same on both)."""
from __future__ import annotations

from playwright.sync_api import Locator, Page

# each result's title in the open search dialog
_SEARCH_RESULT_TITLES = {
    "mkdocs": ".md-search-result__item h1",
    "zensical": "[role=listbox][aria-label='Search results'] [role=option] h2",  # inside its shadow root
}


def search(page: Page, engine: str, query: str) -> Locator:
    """Type a query into the site's search; the result titles, best first."""
    if engine == "mkdocs":
        page.keyboard.press("/")  # Material's shortcut focuses the search box
    else:
        page.get_by_role("button", name="Search").first.click()
        page.get_by_role("combobox", name="Search").wait_for()
    page.keyboard.type(query)
    return page.locator(_SEARCH_RESULT_TITLES[engine])


def content_status(page: Page) -> Locator:
    """Our widgets' status regions, in the page's content (Zensical's notification dialog is a
    status region too, outside it)."""
    return page.locator("article").get_by_role("status")
