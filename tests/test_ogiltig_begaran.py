"""Requests Django or the database cannot take get the Swedish 400 page,
never a 500 and never Django's English technical page (issue 8, item 2).

The probe of a production start found the admin's list filters answering a
NUL in the address with a 500 (PostgreSQL refuses the character); the guard
in samordning.middleware refuses it for every URL, so each admin list page
and each app page with a list is asked with one. Under DEBUG (`make run`) a
post with too many inputs showed Django's technical page; now the same
Swedish page as in production (tested in test_fuzz_formular).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _changelists():
    for model in admin.site._registry:
        yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_a_nul_in_the_address_gets_the_400_page_everywhere(client, gunilla_admin):
    client.force_login(gunilla_admin)
    urls = [*_changelists(), reverse("start"), reverse("ansokningar:lista"), reverse("insatser:lista")]
    assert len(urls) > 10
    for url in urls:
        # As a value (a list filter) and as a name.
        for query in ("status=%00", "q=a%00b", "x%00=1"):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, (url, query, response.status_code)
            assert "nolltecken" in response.content.decode(), (url, query)


def test_the_sent_page_does_not_claim_a_mail_when_reset_is_unavailable(client, settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    response = client.get(reverse("password_reset_done"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset")


def _date_hierarchies():
    for model, model_admin in admin.site._registry.items():
        if model_admin.date_hierarchy:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            yield url, model_admin.date_hierarchy


def test_an_impossible_date_in_the_admins_date_hierarchy_is_a_400_not_a_500(client, gunilla_admin):
    """Every admin list with a date hierarchy (ours and axes's): Django built
    'the next year' 10000 for year 9999 and overflowed on a 20-digit year."""
    client.force_login(gunilla_admin)
    lists = list(_date_hierarchies())
    assert len(lists) >= 2  # the audit log and axes's attempts at least
    for url, field in lists:
        for query in (
            f"{field}__year=9999",
            f"{field}__year=99999999999999999999",
            f"{field}__year=2026&{field}__month=13",
            f"{field}__year=2026&{field}__month=2&{field}__day=٣",
        ):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, (url, query, response.status_code)
            assert "datum som inte finns" in response.content.decode(), (url, query)
        assert client.get(f"{url}?{field}__year=2026&{field}__month=2").status_code == 200, url


def test_an_action_opened_as_a_link_gets_a_swedish_page(client, personas, settings, tmp_path):
    """Every POST-only URL of the matrix, opened with GET by a role that may
    post to it: require_POST's empty 405 became a blank screen."""
    from tests import matrix_objects
    from tests.matrix import ROWS, login, row_url

    settings.MEDIA_ROOT = tmp_path
    objects = matrix_objects.build(personas, "beslut:")  # with the proposal objects
    checked = 0
    for name, row in ROWS.items():
        allowed = [r for r, status in row.expected.items() if r != "anon" and status < 400]
        if row.method != "post" or not allowed:
            continue
        login(client, personas, allowed[0])
        response = client.get(row_url(name, objects))
        if response.status_code == 405:
            checked += 1
            assert "öppnas med en knapp" in response.content.decode(), name
            assert "POST" in response["Allow"], name
    assert checked >= 5  # the rest answer a GET with their page or a redirect
