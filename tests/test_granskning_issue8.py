"""Second review of issue 8's mechanisms: cases the first tests did not try."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("forwarded", ["unknown", "1.2.3.4:5678", "[2001:db8::1]:443", "<script>", "2001:db8::1"])
def test_a_garbled_forwarded_address_is_no_500_at_login(client, gunnar, settings, forwarded):
    """Behind TRUSTED_PROXY_COUNT proxies the address comes from
    X-Forwarded-For; a proxy that writes "unknown" or a port, or a request
    that reaches the app around the proxy, must not make the login a 500
    (PostgreSQL's inet column refuses such a value)."""
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.post(
        reverse("login"),
        {"username": "gunnar", "password": "fel"},
        REMOTE_ADDR="10.0.0.7",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert response.status_code == 200


def test_the_forwarded_address_is_read_without_a_port_and_garbage_is_not_trusted(settings, rf):
    from samordning.middleware import client_ip

    settings.TRUSTED_PROXY_COUNT = 1

    def seen(forwarded):
        return client_ip(rf.get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR=forwarded))

    assert seen("9.9.9.9, 1.2.3.4:5678") == "1.2.3.4"
    assert seen("[2001:db8::1]:443") == "2001:db8::1"
    assert seen("2001:db8::1") == "2001:db8::1"
    assert seen("unknown") == "10.0.0.7"  # the proxy's own address, not a 500


# --- The admin's user page ------------------------------------------------------------


def _admin_form(client, url):
    from tests import sweep

    form = next(f for f in sweep.read(client, url).post_forms() if f.action == url)
    return {k: list(v) for k, v in form.data().items()}


def test_a_year_far_back_in_a_date_with_a_time_is_a_field_error():
    """Year 1 just after midnight in Stockholm is year 0 in UTC: PostgreSQL
    stores it, Python cannot read it back (the admin's user page had two
    such fields; that user could no longer log in)."""
    from django import forms

    from samordning.fields import Form

    class Tider(Form):
        split = forms.SplitDateTimeField()
        hel = forms.DateTimeField()

    form = Tider({"split_0": "0001-01-01", "split_1": "00:30", "hel": "0001-01-01 00:30"})
    assert set(form.errors) == {"split", "hel"}
    assert Tider({"split_0": "2000-01-01", "split_1": "00:00", "hel": "2100-12-31 23:59"}).is_valid()


def test_the_users_admin_page_does_not_edit_the_dates_the_system_keeps(client, gunnar):
    client.force_login(gunnar)
    other = UserFactory(username="olle")
    url = reverse("admin:samordning_user_change", args=[other.pk])
    data = _admin_form(client, url)
    data["date_joined_0"] = ["0001-01-01"]
    data["date_joined_1"] = ["00:30:00"]
    client.post(url, data)
    assert client.get(url).status_code == 200  # the user can still be read


def test_a_login_while_the_users_admin_page_is_open_is_not_undone_by_its_save(client, gunnar):
    """Logging in writes last_login without a new version (it must not make
    an open admin page stale); the page's save must then not write back the
    last login it was opened with."""
    import datetime

    from django.utils import timezone

    client.force_login(gunnar)
    other = UserFactory(username="olle", last_login=timezone.now() - datetime.timedelta(days=30))
    url = reverse("admin:samordning_user_change", args=[other.pk])
    data = _admin_form(client, url)
    just_now = timezone.now()
    type(other).objects.filter(pk=other.pk).update(last_login=just_now)  # as update_last_login does
    data["first_name"] = ["Olle"]
    assert client.post(url, data).status_code == 302
    other.refresh_from_db()
    assert other.first_name == "Olle"
    assert other.last_login == just_now


# --- Files follow their transaction ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_transaction_committed_stays_when_an_earlier_commit_hook_fails(settings, tmp_path):
    """Django runs the commit hooks in order and stops at one that raises
    (robust=False): the hooks after it are dropped uncalled, which
    samordning.files took for a rollback, deleting a committed file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    settings.MEDIA_ROOT = tmp_path

    def fails():
        raise RuntimeError("en annan åtgärd efter commit")

    try:
        with transaction.atomic():
            transaction.on_commit(fails)
            name = default_storage.save("bilagor/kvar.txt", ContentFile(b"sparad"))
    except RuntimeError:
        pass  # the traceback, and the dropped hooks with it, are freed here
    assert (tmp_path / name).exists()


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_transaction_rolled_back_still_goes(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValueError), transaction.atomic():
        name = default_storage.save("bilagor/bort.txt", ContentFile(b"aldrig sparad"))
        raise ValueError
    assert not (tmp_path / name).exists()


def test_an_admin_page_refused_for_a_field_can_be_corrected_and_saved(client, gunnar):
    """The version the page was opened with survives a refused save, so the
    corrected save goes through (and one from another tab is still refused)."""
    from samordning.models import Organisation

    client.force_login(gunnar)
    org = Organisation.objects.create(namn="Tierps kommun", typ="kommun")
    url = reverse("admin:samordning_organisation_change", args=[org.pk])
    data = _admin_form(client, url)
    data["organisationsnummer"] = ["inte ett nummer"]
    refused = client.post(url, data)
    assert refused.status_code == 200
    again = _admin_form_from(refused, url)
    assert again["version"] == data["version"]
    again["organisationsnummer"] = [""]
    again["namn"] = ["Tierps kommun (ändrad)"]
    assert client.post(url, again).status_code == 302
    org.refresh_from_db()
    assert org.namn == "Tierps kommun (ändrad)" and org.version == 2


def _admin_form_from(response, url):
    from tests.formparser import parse_forms

    form = next(f for f in parse_forms(response.content.decode(), url) if f.action == url)
    return {k: list(v) for k, v in form.data().items()}


def test_the_admins_password_pages_work(client, gunnar):
    client.force_login(gunnar)
    other = UserFactory(username="olle")
    url = reverse("admin:auth_user_password_change", args=[other.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": "Ett-nytt-lösen-42", "password2": "Ett-nytt-lösen-42", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(reverse("admin:password_change")).status_code == 200
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "Ett-nytt-lösen-43", "new_password2": "Ett-nytt-lösen-43"},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200  # still logged in


@pytest.mark.parametrize("query", ["tidpunkt__year=1", "tidpunkt__year=1&tidpunkt__month=1", "tidpunkt__year=1&tidpunkt__month=1&tidpunkt__day=1", "tidpunkt__year=9998&tidpunkt__month=12&tidpunkt__day=31"])
def test_the_audit_logs_date_hierarchy_at_the_calendars_edges(client, gunnar, query):
    client.force_login(gunnar)
    response = client.get(reverse("admin:samordning_auditentry_changelist") + "?" + query)
    assert response.status_code in (200, 302, 400)


# --- Sessions that end ----------------------------------------------------------------


def test_an_htmx_request_after_the_limit_returns_to_the_page_not_to_the_part(client, anna_sokande):
    """htmx asks for a part of a page (a budget row, say): after logging in
    again the user should see the page they were on, not the bare part."""
    import time

    from samordning.middleware import LAST_SEEN

    client.force_login(anna_sokande)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 121 * 60
    session.save()
    response = client.get(
        "/ansokningar/1/del/ny/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/ansokningar/1/redigera/?del=2"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login") + "?next=%2Fansokningar%2F1%2Fredigera%2F%3Fdel%3D2"


def test_a_users_full_name_fits_where_it_is_signed_with(client, gunnar):
    """A signature (Underskrift.namn) and a proposal's signatory
    (Beslutsforslag.undertecknare) store the full name in 200 characters;
    the admin allowed 150 + 150, and signing was then a 500."""
    from ansokningar.models import Underskrift
    from beslut.models import Beslutsforslag

    limit = min(
        Underskrift._meta.get_field("namn").max_length, Beslutsforslag._meta.get_field("undertecknare").max_length
    )
    client.force_login(gunnar)
    other = UserFactory(username="olle")
    url = reverse("admin:samordning_user_change", args=[other.pk])
    data = _admin_form(client, url)
    data["first_name"] = ["A" * 150]
    data["last_name"] = ["B" * 150]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "last_name" in response.context["adminform"].form.errors
    data["first_name"] = ["A" * 100]
    data["last_name"] = ["B" * (limit - 101)]
    assert client.post(url, data).status_code == 302
