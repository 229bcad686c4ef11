import pytest
from django.urls import reverse

from samordning.models import AuditEntry, Roll

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, heading",
    [
        ("sokande", "Du företräder"),
        ("handlaggare", "Ärenden att handlägga"),
        ("forbundschef", "Ärenden att handlägga"),
        ("ledamot", "Kommande sammanträden"),
        ("ersattare", "Kommande sammanträden"),
        ("sekreterare", "Sammanträden och protokoll"),
        ("admin", "Förbundet, organisationer och lokusgrupper"),
    ],
)
def test_each_role_has_its_start_page(role, heading, personas, client):
    client.force_login(personas[role])
    response = client.get(reverse("start"))
    assert response.status_code == 200
    content = response.content.decode()
    assert heading in content
    assert personas[role].get_roll_display() in content
    assert 'lang="sv"' in content


def test_anonymous_is_sent_to_the_swedish_login(client, forbund):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"]).content.decode()
    assert "Logga in" in page and "Användarnamn" in page


def test_login_with_password(client, anna_sokande):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("start")
    client.logout()
    bad = client.post(reverse("login"), {"username": "anna", "password": "fel"})
    assert "Ange ett korrekt användarnamn och lösenord" in bad.content.decode()


def test_password_reset_mail_is_swedish(client, anna_sokande, mailoutbox):
    client.post(reverse("password_reset"), {"email": anna_sokande.email})
    assert len(mailoutbox) == 1
    assert "Återställ ditt lösenord" in mailoutbox[0].subject
    assert "/konto/aterstall/" in mailoutbox[0].body


def test_menu_fits_the_role(client, personas):
    client.force_login(personas["admin"])
    assert "Administration" in client.get(reverse("start")).content.decode()
    client.force_login(personas["sokande"])
    assert 'href="/administration/"' not in client.get(reverse("start")).content.decode()


def test_swedish_404_page(client, anna_sokande, settings):
    settings.DEBUG = False
    client.force_login(anna_sokande)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_swedish_403_page(client, anna_sokande):
    client.force_login(anna_sokande)
    response = client.get(reverse("administration"))
    assert response.status_code == 403
    assert "Du har inte behörighet" in response.content.decode()


def test_admin_changes_are_audited(client, gunilla_admin, orgs):
    client.force_login(gunilla_admin)
    org = orgs["knivsta"]
    url = reverse("admin:samordning_organisation_change", args=[org.pk])
    response = client.post(
        url, {"namn": "Knivsta kommun", "typ": "kommun", "organisationsnummer": "", "medlem": ""}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(handling="admin.andrad")
    assert entry.anvandare == gunilla_admin and entry.objekt == org
    assert entry.data == {"falt": ["medlem"]}


def test_administration_page_query_count_is_constant(
    client, gunilla_admin, orgs, django_assert_max_num_queries
):
    from samordning.models import Lokusgrupp, LokusgruppRepresentant
    from tests.factories import OrganisationFactory, UserFactory

    client.force_login(gunilla_admin)

    def add_groups(n):
        for _ in range(n):
            kommun = OrganisationFactory()
            grupp = Lokusgrupp.objects.create(namn=f"Lokus {kommun.namn}", kommun=kommun)
            grupp.organisationer.set([kommun, orgs["af"]])
            rep = UserFactory(organisationer=[kommun], roll=Roll.SOKANDE)
            LokusgruppRepresentant.objects.create(lokusgrupp=grupp, anvandare=rep, organisation=kommun)

    add_groups(1)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("administration"))
    add_groups(20)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("administration"))


def test_every_model_is_in_the_swedish_admin(client, gunilla_admin):
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m._meta.app_label in {"samordning", "ansokningar", "insatser", "beslut"}]
    registered = set(admin.site._registry)
    missing = {m.__name__ for m in ours} - {m.__name__ for m in registered}
    # Rows that only exist inside another object are edited inline there.
    assert missing <= {"LokusgruppRepresentant", "Part", "Mal", "Del", "Budgetbelopp", "Underskrift",
                       "Fordelning", "Beslutssats", "Beviljande"}  # fmt: skip
    client.force_login(gunilla_admin)
    for model in registered:
        if model._meta.app_label in {"samordning", "ansokningar", "insatser", "beslut"}:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
    assert "Administration" in client.get(reverse("admin:index")).content.decode()
