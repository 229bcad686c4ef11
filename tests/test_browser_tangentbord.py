"""Keyboard use in real Chromium (issue 8): a sökande files a complete
application with the keyboard alone, adding and removing goals, budget rows
and a del, and the focus is after every step on something visible that the
sticky save bar does not cover, never on the page body. A save with an
error first puts the focus on the error summary, whose link leads to the
field; axe finds nothing serious there. The Django admin passes axe too."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_django_admin_passes_axe(page, gunilla_admin, anna_sokande):
    """The admin as the administratör uses it (templates/admin/base_site.html,
    static/css/admin.css, static/js/admin.js), in both colour themes."""
    page.login("gunilla", PASSWORD)
    pages = [
        ("light", "/admin/"),
        ("light", "/admin/ansokningar/ansokan/"),  # breadcrumbs, filters, an empty list
        ("light", "/admin/samordning/user/"),
        ("light", f"/admin/samordning/user/{anna_sokande.pk}/change/"),  # date-time and filter widgets
        ("dark", "/admin/"),
    ]
    for scheme, path in pages:
        page.pw.emulate_media(color_scheme=scheme)
        page.goto(path)
        violations = page.axe_violations()
        assert not violations, (scheme, path, violations)
