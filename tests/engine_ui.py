"""The one place browser tests learn which engine built the page they drive: what differs between
Material for MkDocs' and Zensical's own widgets (our widgets, search included, are the same on both)."""
from __future__ import annotations

from playwright.sync_api import Locator, Page


def search(page: Page, engine: str, query: str) -> Locator:
    """Type a query into the site's search (ours on both engines: overrides/partials/search.html);
    the result titles, best first."""
    page.keyboard.press("/")  # the search box's shortcut
    page.keyboard.type(query)
    return page.locator(".md-search-result__item h1")


def content_status(page: Page) -> Locator:
    """Our widgets' status regions, in the page's content (Zensical's notification dialog is a
    status region too, outside it)."""
    return page.locator("article").get_by_role("status")
