"""A local static host that gzips text files, as a real host does; shared by the benches that time
what a reader downloads (bench/search_bench.py, bench/lighthouse_bench.py)."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import pathlib
import threading
from typing import Iterator

COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".py", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text files gzipped for a client that accepts it; everything else as the standard handler serves it."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()  # a folder without its slash is redirected there
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: pathlib.Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
