"""Playwright on Debian's Chromium, and a local server for a built site (helpers for browser tests)."""
from __future__ import annotations

import contextlib
import functools
import http.server
import pathlib
import re
import threading
from typing import Iterator

from conftest import CHROMIUM, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    isolated = False  # send the headers that make a page cross-origin isolated

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def do_GET(self) -> None:
        # Material's instant navigation only follows links listed in sitemap.xml, matched by
        # scheme, host and port. The sitemap names the real domain; here the site lives on a
        # local port, so serve it with this server's address, as the deployed site would have.
        if self.path.split("?")[0].endswith("/sitemap.xml"):
            path = pathlib.Path(self.translate_path(self.path))
            if path.is_file():
                host, port = self.server.server_address[:2]
                body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>http://{host}:{port}/",
                              path.read_text(encoding="utf-8")).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()


@contextlib.contextmanager
def serve(directory: pathlib.Path, isolated: bool = False) -> Iterator[str]:
    handler = functools.partial(type("Handler", (_QuietHandler,), {"isolated": isolated}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def at(path: str) -> re.Pattern:
    """A URL ending in path, allowing a query and the #section hash Material's navigation.tracking adds."""
    return re.compile(rf".*{re.escape(path)}(\?[^#]*)?(#.*)?$")


def serious_violations(page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical violations on the page as it is now: (rule, impact, first targets)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]
