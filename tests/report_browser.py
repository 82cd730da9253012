"""Loading an `mtcheck report` page in headless Chromium (Debian's `chromium` package, driven
by playwright without its own browser download), for the browser test, the load-time
benchmark (bench/report_scale.py) and the README's screenshot (scripts/report_screenshot.py).

Every request the page makes is recorded, and any that is not the report file itself is
refused, so a page that reaches for the network fails rather than loading slowly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing_browser() -> str | None:
    """Why the report cannot be opened in a browser here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return 'playwright is not installed (pip install -e ".[test]")'
    return None


@dataclass
class Loaded:
    page: Any  # a playwright Page, loaded until the report marks itself ready
    seconds: float  # navigation start to the ready marker: tables built and every plot drawn
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    requests: list[str] = field(default_factory=list)  # every URL the page asked for, the file's own first
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm()...: none should open


@contextmanager
def open_report(path: Path, width: int = 1280, height: int = 900, timeout_s: float = 30) -> Iterator[Loaded]:
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            loaded = Loaded(page, 0.0)
            page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: loaded.errors.append(f"uncaught: {error}"))
            page.on("dialog", lambda dialog: (loaded.dialogs.append(dialog.message), dialog.dismiss()))

            page.on("request", lambda request: loaded.requests.append(request.url))
            # Anything else is refused (the page's Content-Security-Policy should stop it first).
            page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_function("document.documentElement.dataset.ready === 'true'", timeout=timeout_s * 1000)
            loaded.seconds = time.perf_counter() - started
            yield loaded
        finally:
            browser.close()
