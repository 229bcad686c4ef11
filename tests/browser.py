"""Headless Chromium (Debian's package) driven by Playwright for Python.

Every request the page makes is checked: anything not addressed to the live
server on 127.0.0.1 is aborted and recorded, and the test fails on it. That
is how the suite proves that no page loads a CDN font or script.
"""

import os
import shutil
import tempfile
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium saknas ({CHROMIUM}); kör `make browser`.")
    profile = tempfile.mkdtemp(prefix="samordning-chromium-")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


class Page:
    """A Playwright page plus the live server's address and the request guard."""

    def __init__(self, page, base_url, foreign):
        self.pw = page
        self.base_url = base_url
        self.foreign_requests = foreign

    def goto(self, path):
        return self.pw.goto(self.base_url + path)

    def login(self, username, password):
        from django.urls import reverse

        self.goto(reverse("login"))
        self.pw.get_by_label("Användarnamn").fill(username)
        self.pw.get_by_label("Lösenord").fill(password)
        self.pw.get_by_role("button", name="Logga in").click()
        self.pw.wait_for_load_state()

    def logout(self):
        self.pw.get_by_role("button", name="Logga ut").click()
        self.pw.wait_for_load_state()

    def skript_redo(self):
        """Wait until static/js/bekrafta.js listens on this page. Its buttons are
        there before the script (at the end of <body>) has run; pressed
        earlier, the form posts without the dialog (a CI run failed so)."""
        self.pw.locator("html[data-bekrafta=redo]").wait_for(state="attached")

    def bekrafta(self, knapp=None):
        """Press the button of an act that cannot be undone (or take the dialog
        already open) and confirm it; returns when the next page has loaded."""
        if knapp is not None:
            knapp.wait_for()  # on the new page, when a link was followed just before
            self.skript_redo()
            knapp.click()
        dialog = self.pw.locator("dialog#bekrafta")
        dialog.wait_for(state="visible")
        with self.pw.expect_navigation():
            dialog.locator("[data-bekrafta-ok]").click()

    def axe_violations(self, impacts=("serious", "critical")):
        from axe_playwright_python.sync_playwright import Axe

        # A click that follows a link has started the next page (Playwright
        # waits for that): axe runs once it has loaded, never while the old
        # document is being replaced (a full run failed so).
        self.pw.wait_for_load_state()
        # The pointer may rest on a button from the last click; hover colours
        # are not what a reader sees, so park it outside the page first.
        self.pw.mouse.move(0, 0)
        results = Axe().run(self.pw)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
            if v.get("impact") in impacts
        ]

    def screenshot(self, name):
        folder = os.path.join(os.path.dirname(__file__), "artifacts")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{name}.png")
        self.pw.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def page(chromium, live_server):
    # Reduced motion turns Bootstrap's colour transitions off: axe must never
    # measure a button halfway through its hover fade (a CI run failed so).
    context = chromium.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", reduced_motion="reduce")
    foreign = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pw_page = context.new_page()
    pw_page.set_default_timeout(10_000)
    yield Page(pw_page, live_server.url, foreign)
    context.close()
    assert not foreign, f"Sidan försökte hämta från andra värdar: {foreign}"
