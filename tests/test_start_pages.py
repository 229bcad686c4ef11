import pytest
from django.urls import reverse
from django.utils import timezone

from samordning.models import AuditEntry, Roll
from tests.factories import OrganisationFactory, UserFactory

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


@pytest.mark.parametrize("debug", [False, True])
def test_swedish_404_page(client, anna_sokande, erik_utomstaende, orgs, settings, debug):
    """Also under DEBUG (make run): Django's English page would list every
    URL pattern to someone trying another organisation's application."""
    from ansokningar import services

    settings.DEBUG = debug
    theirs = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Annas ansökan")
    client.force_login(erik_utomstaende)
    for url in ("/finns-inte/", reverse("ansokningar:detalj", args=[theirs.pk])):
        response = client.get(url)
        assert response.status_code == 404
        text = response.content.decode()
        assert "Sidan finns inte" in text and "URLconf" not in text


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
        url, {"namn": "Knivsta kommun", "typ": "kommun", "organisationsnummer": "", "medlem": "", "version": org.version}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(handling="admin.andrad")
    assert entry.anvandare == gunilla_admin and entry.objekt == org
    assert entry.data == {"andrat": {"medlem": ["True", "False"]}}


def test_user_changes_and_bulk_deletes_in_the_admin_are_audited(client, gunilla_admin, orgs, erik_utomstaende):
    client.force_login(gunilla_admin)
    url = reverse("admin:samordning_user_change", args=[erik_utomstaende.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        roll="administrator", organisationer=[orgs["knivsta"].pk], behorig_for=[], groups=[], user_permissions=[],
        last_login_0="", last_login_1="", date_joined_0="2026-01-01", date_joined_1="10:00:00",
        version=erik_utomstaende.version,
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(handling="admin.andrad", object_id=str(erik_utomstaende.pk))
    assert entry.data["andrat"]["roll"] == ["sokande", "administrator"]
    assert entry.anvandare == gunilla_admin

    doomed = [OrganisationFactory(namn="Gammal 1"), OrganisationFactory(namn="Gammal 2")]
    changelist = reverse("admin:samordning_organisation_changelist")
    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [o.pk for o in doomed], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(handling="admin.borttagen").values_list("objekt_text", flat=True)
    assert sorted(deleted) == ["Gammal 1", "Gammal 2"]


def test_the_administrator_role_alone_opens_the_admin(client, forbund):
    admin_user = UserFactory(username="ny-admin", roll=Roll.ADMINISTRATOR)
    assert not admin_user.is_superuser
    client.force_login(admin_user)
    assert client.get(reverse("admin:samordning_organisation_changelist")).status_code == 200
    assert client.get(reverse("admin:samordning_organisation_add")).status_code == 200


def test_the_forbund_cannot_be_deleted_in_the_admin(client, gunilla_admin, forbund):
    client.force_login(gunilla_admin)
    assert client.get(reverse("admin:samordning_forbund_delete", args=[forbund.pk])).status_code == 403


def test_admin_labels_are_swedish(client, gunilla_admin, forbund):
    from ansokningar.models import Diarieserie

    Diarieserie.objects.create(ar=2026, senaste=14)
    client.force_login(gunilla_admin)
    page = client.get(reverse("admin:ansokningar_diarieserie_changelist")).content.decode()
    assert "Diarieserier" in page and "Senaste löpnummer" in page
    assert ">2026<" in page  # a year, not "2 026"
    assert "Diarieseries" not in page


def test_logout_by_get_shows_a_button(client, anna_sokande):
    client.force_login(anna_sokande)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert "Logga ut" in response.content.decode()
    assert client.get(reverse("start")).status_code == 200  # still logged in


def test_csrf_failure_is_a_swedish_page(anna_sokande):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "anna", "password": "x"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()


def test_menu_marks_the_section_of_a_detail_page(client, anna_sokande):
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:ny")).content.decode()
    assert 'aria-current="page" href="/ansokningar/"' in page


def test_logo_is_shown_also_before_login(client, anna_sokande, forbund, media):
    from django.core.files.base import ContentFile

    forbund.logotyp.save("logo.png", ContentFile(PNG_1X1))
    client.force_login(anna_sokande)
    assert '<img class="brand-logo"' in client.get(reverse("start")).content.decode()
    response = client.get(reverse("logotyp"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG_1X1
    client.logout()
    assert client.get(reverse("logotyp")).status_code == 200
    assert '<img class="brand-logo"' in client.get(reverse("login")).content.decode()


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


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
    assert missing <= {"LokusgruppRepresentant", "Part", "Mal", "Del", "Budgetbelopp", "Budgetradsar", "Underskrift",
                       "Fordelning", "Beslutssats", "Beviljande", "Uppdrag", "Arende", "Narvaro", "Justering",
                       "Handling", "Jav", "Rost", "Medlemsbidrag", "Rekvisitionsrad"}  # fmt: skip
    client.force_login(gunilla_admin)
    for model in registered:
        if model._meta.app_label in {"samordning", "ansokningar", "insatser", "beslut"}:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
    assert "Administration" in client.get(reverse("admin:index")).content.decode()


def test_forbund_settings_show_the_standard_conditions_from_the_clause_library(client, gunilla_admin, forbund):
    from beslut import klausuler
    from beslut.models import Klausul

    klausuler.load_defaults(Klausul)
    client.force_login(gunilla_admin)
    page = client.get(reverse("admin:samordning_forbund_change", args=[forbund.pk])).content.decode()
    assert "att finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel" in page
    assert reverse("beslut:klausuler") in page


def png():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_admin_audit_is_readable(client, gunilla_admin, forbund, media):
    """A logo is logged by its name (not its bytes); a save that changes
    nothing logs nothing; the entry's page shows Swedish time and words."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(gunilla_admin)
    url = reverse("admin:samordning_forbund_change", args=[forbund.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields if name != "logotyp"}
    data["logotyp"] = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    data["version"] = forbund.version
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(handling="admin.andrad")
    assert entry.data["andrat"]["logotyp"] == ["", "logo.png"]
    data.pop("logotyp")
    data["version"] += 1  # the save above counted it up
    assert client.post(url, data).status_code == 302
    assert AuditEntry.objects.filter(handling="admin.andrad").count() == 1  # nothing changed, nothing logged
    page = client.get(reverse("admin:samordning_auditentry_change", args=[entry.pk])).content.decode()
    lokal = timezone.localtime(entry.tidpunkt).strftime("%H.%M")
    assert lokal in page and "logo.png" in page and "admin.andrad" not in page


def test_a_lokusgrupp_representative_speaks_for_a_member_of_the_group(client, gunilla_admin, orgs, anna_sokande):
    from samordning.models import Lokusgrupp

    grupp = Lokusgrupp.objects.create(namn="Lokus Älvkarleby", kommun=orgs["alvkarleby"])
    client.force_login(gunilla_admin)
    url = reverse("admin:samordning_lokusgrupp_change", args=[grupp.pk])

    def post(org, members):
        return client.post(url, {
            "namn": grupp.namn, "kommun": orgs["alvkarleby"].pk, "organisationer": [o.pk for o in members],
            "representanter-TOTAL_FORMS": 1, "representanter-INITIAL_FORMS": 0,
            "representanter-0-organisation": org.pk, "representanter-0-anvandare": anna_sokande.pk,
            "version": grupp.version,
        })  # fmt: skip

    page = post(orgs["region"], [orgs["alvkarleby"], orgs["region"]]).content.decode()
    assert "hör inte till Region Uppsala och kan inte företräda den" in page
    page = post(orgs["alvkarleby"], [orgs["region"]]).content.decode()
    assert "Älvkarleby kommun är inte med i lokusgruppen" in page
    assert post(orgs["alvkarleby"], [orgs["alvkarleby"]]).status_code == 302
    assert grupp.representanter.get().anvandare == anna_sokande


def test_a_duplicate_organisation_name_is_said_in_plain_swedish(client, gunilla_admin, orgs):
    client.force_login(gunilla_admin)
    data = {"namn": "Knivsta kommun", "typ": "kommun", "organisationsnummer": "", "medlem": "on"}
    page = client.post(reverse("admin:samordning_organisation_add"), data).content.decode()
    assert "Det finns redan en organisation med det namnet." in page
