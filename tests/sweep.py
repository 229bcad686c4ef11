"""One sweep over the app's pages, for the tests that must reach every page
or form by themselves (issue 8): the error summary (test_tillganglighet),
the version check (test_versioner) and hostile input (test_fuzz_formular).

The pages are the GET rows of the permission matrix (tests/matrix.py, which
test_permissions keeps complete for the URLconf), each opened as every role
the matrix lets open it, and read as a browser would (tests/formparser.py).
A new page is swept the moment the matrix has its row.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.formparser import parse
from tests.matrix import ROLES, ROWS, login, row_url


def logged_in_as(client, personas, role):
    """Whether the client is `role` already (the caller may have posted a
    logout, or logged in as someone else, since): saves a login per page."""
    user = client.session.get("_auth_user_id")
    return user == (None if role == "anon" else str(personas[role].pk))


def view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def matrix_pages(objects):
    """(URL name, URL, [roles that may open it]) for every GET row of the
    matrix outside the admin, in name order."""
    for name, row in sorted(ROWS.items()):
        if row.method == "get" and not name.startswith("admin:"):
            yield name, row_url(name, objects), [role for role in ROLES if row.expected[role] == 200]


# The views that answer with a file, not a page (test_pdf_arkiv checks them):
# not opened by the sweep, where a PDF would be rendered for nothing.
FILES = ("pdf", "bilaga", "logotyp")


def is_page(name):
    """A page of the app's own: a GET row of the matrix, not the admin, a PDF or a file."""
    row = ROWS.get(name)
    return row is not None and row.method == "get" and not name.startswith("admin:") and not name.endswith(FILES)


@dataclass
class Page:
    name: str  # the URL name
    url: str
    role: str
    response: object
    forms: list  # formparser.Form, every <form> on the page
    links: list  # every <a href>, absolute

    def post_forms(self):
        return [form for form in self.forms if form.method == "post"]

    def app_links(self):
        """The links that stay in the app, as path and query (no fragment,
        no mail or phone links)."""
        for link in self.links:
            parts = urlsplit(link)
            if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
                yield parts.path + (f"?{parts.query}" if parts.query else "")


def read(client, url, role=None, name=None):
    """The page at `url` as the client's user sees it, or None when the
    answer is not an HTML page (a redirect, a 403, plain text)."""
    return _as_page(client.get(url), url, role, name)


def _as_page(response, url, role, name):
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    forms, links = parse(response.content.decode(), url)
    return Page(name or view_name(urlsplit(url).path), url, role, response, forms, links)


def pages(client, personas, objects, roles=ROLES):
    """Every HTML page of the matrix (is_page) as each of `roles` that may
    open it, page by page, role by role. Each must open: the matrix says so."""
    for name, page_url, allowed in matrix_pages(objects):
        if not is_page(name):
            continue
        for role in allowed:
            if role not in roles:
                continue
            if not logged_in_as(client, personas, role):
                login(client, personas, role)
            response = client.get(page_url)
            assert response.status_code == 200, (name, role, response.status_code)
            page = _as_page(response, page_url, role, name)
            if page is not None:
                yield page
