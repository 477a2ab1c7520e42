"""brief.html in a real browser: headless Chromium (Debian's ``chromium``) opens it from a folder
that holds nothing else, and the page requests nothing, draws its text in Inter, highlights the
paragraph a citation jumps to, and has room to bring the last paragraph to the top. Skipped, with the reason, when Chromium is not installed.

The browser is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``:
JSON messages ending in NUL on file descriptors 3 and 4), so no port is opened and no package is
needed beyond the standard library.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--remote-debugging-pipe")

PLACE_PIPES = "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"


class Browser:
    """Chromium with a DevTools session on one page; events are kept as they arrive."""

    def __init__(self, profile: Path) -> None:
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        # a small Python puts the pipes on descriptors 3 and 4, where Chromium looks for them
        self.process = subprocess.Popen(
            [sys.executable, "-c", PLACE_PIPES, str(to_child), str(from_child), CHROMIUM, *FLAGS,
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t["targetId"] for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page, flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._next(30)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                return reply["result"]
            self.events.append(reply)

    def page(self, method: str, **params) -> dict:
        return self.call(method, session=self.session, **params)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._next(deadline - time.monotonic()))

    def _next(self, timeout: float) -> dict:
        import select

        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise EOFError("Chromium exited")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._read)
        os.close(self._write)


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


def test_brief_html_opens_alone_with_no_request_in_inter_and_highlights_a_jump(seeds_build, seeds_brief, tmp_path, browser):
    alone = tmp_path / "usb-stick"
    alone.mkdir()
    shutil.copy(seeds_build / "brief.html", alone / "brief.html")  # nothing else beside it: no fonts/ folder
    page_url = (alone / "brief.html").as_uri()
    browser.page("Network.enable")
    browser.page("Page.enable")
    browser.page("DOM.enable")
    browser.page("CSS.enable")
    citation = seeds_brief["sections"][0]["items"][0]["citations"][0]
    target = f"s{citation['source']}-p{citation['paragraph']}"
    browser.page("Page.navigate", url=f"{page_url}#{target}")
    browser.wait_for("Page.loadEventFired")
    browser.page("Runtime.evaluate", expression="document.fonts.ready", awaitPromise=True)

    requested = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    elsewhere = [u for u in requested if not u.startswith(("data:", page_url))]
    assert not elsewhere, elsewhere
    failed = [e["params"] for e in browser.events if e.get("method") == "Network.loadingFailed"]
    assert not failed, failed

    root = browser.page("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", "#sec-bottom_line li", f"#{target}"):
        node = browser.page("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        fonts = browser.page("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
        assert fonts and all(f["familyName"] == "Inter" for f in fonts), (selector, fonts)

    style = browser.page("Runtime.evaluate", returnByValue=True, expression=(
        f"[getComputedStyle(document.getElementById('{target}')).backgroundColor,"
        " getComputedStyle(document.querySelector('#sec-bottom_line li')).backgroundColor,"
        " document.documentElement.lang, document.querySelector(':target').id]"))["result"]["value"]
    highlighted, plain, lang, landed = style
    assert landed == target and lang == "en"
    assert highlighted != plain and highlighted not in ("rgba(0, 0, 0, 0)", "transparent"), style

    # the last paragraph of the annex can be brought to the top too: a jump to it does not stop short
    last = browser.page("Runtime.evaluate", returnByValue=True, awaitPromise=True, expression="""(async () => {
      const last = [...document.querySelectorAll('.para')].pop();
      location.hash = '#' + last.id;
      await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
      return [last.id, last.getBoundingClientRect().top, innerHeight, document.querySelector(':target').id];
    })()""")["result"]["value"]
    last_id, top, height, landed = last
    assert landed == last_id and 0 <= top < height / 4, last
