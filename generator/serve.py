"""The development server: build, serve on 127.0.0.1, rebuild on change, reload the open page.

A bad edit is reported in the terminal and as a banner in the page, and the last good site stays
served (a failed build never replaces it). Unchanged PDFs come from the library's build cache.
"""

from __future__ import annotations

import http.server
import json
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .build import BuildReport, build_site
from .errors import WorksheetsError
from .format.library import SETTINGS_FILE, WORKSHEETS_DIR

WATCHED = (WORKSHEETS_DIR, "templates", "assets", SETTINGS_FILE)


@dataclass
class BuildState:
    """What the page's reload script polls: a version that changes on every good build, and the error."""

    version: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/__build":
            body = self.state.as_json()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class DevServer:
    """Builds ``library`` into a private folder, serves it, and rebuilds when the library changes."""

    def __init__(
        self, library: Path, port: int = 8000, *, pdf: bool = True, say: Callable[[str], None] = print
    ) -> None:
        self.library = library
        self.pdf = pdf
        self.say = say
        self.out = Path(tempfile.mkdtemp(prefix="worksheets-serve-")) / "site"
        self.state = BuildState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), partial(handler, directory=str(self.out))
        )
        self.stop = threading.Event()
        self.ready = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/index.html"

    def rebuild(self) -> BuildReport | None:
        try:
            report = build_site(self.library, self.out, pdf=self.pdf, dev=True)
        except WorksheetsError as exc:
            message = exc.format_message()
            with self.state.lock:
                self.state.error = message
            self.say(message)
            return None
        with self.state.lock:
            self.state.version += 1
            self.state.error = None
        for notice in report.notices:
            self.say(notice)
        self.say(f"Built {report.worksheets} worksheets in {report.seconds:.1f} s; serving {self.url}")
        return report

    def watch(self) -> None:
        """Rebuild on every change; ``ready`` is set once the watcher is listening."""
        from watchfiles import watch

        for changes in watch(
            self.library,
            stop_event=self.stop,
            debounce=200,
            recursive=True,
            watch_filter=self._relevant,
            yield_on_timeout=True,
            rust_timeout=250,
        ):
            self.ready.set()
            if changes:
                self.rebuild()

    def _relevant(self, change: Any, path: str) -> bool:
        """Only changes to worksheets, templates, assets and the settings trigger a build."""
        resolved, root = Path(path).resolve(), self.library.resolve()
        return resolved.is_relative_to(root) and resolved.relative_to(root).parts[:1] in [
            (name,) for name in WATCHED
        ]

    def serve_forever(self) -> None:
        watcher = threading.Thread(target=self.watch, daemon=True)
        watcher.start()
        self.ready.wait(timeout=10)  # listen first, so that no change after the first build is missed
        self.rebuild()
        try:
            self.httpd.serve_forever()
        finally:
            self.stop.set()
            self.httpd.server_close()
            shutil.rmtree(self.out.parent, ignore_errors=True)
