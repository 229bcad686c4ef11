"""Every page of the permission matrix passes axe-core (serious and critical)
in real Chromium, so a new page that breaks accessibility fails here and not
only when someone writes a journey for it.

The pages are the GET rows of tests/matrix.py (test_permissions keeps it
complete for the URLconf) that some logged-in role may open (200), each
opened once, as the first such role in matrix.ROLES, with the objects of
tests/matrix_objects.py. One login per role: the URLs are grouped by role.
Answers that are not HTML (PDFs, attachments, .ics, exports) are asked for
with the context's request API first and left out, so Chromium never starts
a download.
"""

import pytest

from tests import sweep
from tests.factories import PASSWORD
from tests.matrix import LOGGED_IN, ROWS, row_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages the sweep must reach, or it checked login pages or nothing at all.
SURELY = {"start", "ansokningar:redigera", "beslut:detalj", "beslut:sammantrade", "insatser:detalj"}


def _pages_by_role(objects):
    """{role: [(URL name, URL)]}: each page under the first logged-in role that may open it."""
    by_role = {}
    for name, row in sorted(ROWS.items()):
        if row.method != "get" or name.startswith("admin:"):
            continue  # the Django admin's own pages are not ours to fix
        role = next((r for r in LOGGED_IN if row.expected[r] == 200), None)
        if role is not None:
            by_role.setdefault(role, []).append((name, row_url(name, objects)))
    return by_role


def _login(page, user):
    page.pw.context.clear_cookies()
    page.login(user.username, PASSWORD)


def test_every_page_of_the_matrix_passes_axe(page, personas, settings, tmp_path):
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    objects = matrix_objects.build(personas, "beslut:")  # everything, with a fastställd proposal
    problems, checked = [], []
    for role, urls in _pages_by_role(objects).items():
        _login(page, personas[role])
        for name, url in urls:
            if not sweep.is_page(name):
                continue  # a PDF or a file by its name: not even asked for
            answer = page.pw.context.request.get(page.base_url + url, max_redirects=0)
            if answer.status != 200:
                problems.append(f"{name} ({role}): svarade {answer.status}, matrisen säger 200")
                continue
            if not answer.headers.get("content-type", "").startswith("text/html"):
                continue  # .ics, an export, the health check's plain text
            page.goto(url)
            checked.append(name)
            problems += [f"{name} ({role}): {violation}" for violation in page.axe_violations()]
    assert set(checked) >= SURELY, sorted(SURELY - set(checked))
    assert not problems, f"{len(problems)} fel på {len(checked)} sidor:\n" + "\n".join(problems)
