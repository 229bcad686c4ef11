"""Only a party's behörig företrädare signs for it (issue 9, item 7): the
service refuses others, the page says who must sign, the mails and the
start page ask the behöriga, and the application and its PDF show the
capacity the signature was given in."""

import pytest
from django.urls import reverse

from ansokningar import services
from samordning.errors import WorkflowError
from samordning.models import AuditEntry, Roll
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kollega_af(orgs):
    """Represents Arbetsförmedlingen but may not sign for it."""
    return UserFactory(
        username="kollega-af", first_name="Kim", last_name="Ek", roll=Roll.SOKANDE,
        organisationer=[orgs["af"]], behorig_for=[],
    )


def test_only_a_behorig_foretradare_can_sign(inlamnad, karin_af, kollega_af):
    af = inlamnad.parter.get(organisation__namn="Arbetsförmedlingen")
    with pytest.raises(WorkflowError, match="inte registrerad som behörig företrädare för Arbetsförmedlingen"):
        services.signera(ansokan=inlamnad, part=af, by=kollega_af)
    assert not AuditEntry.objects.filter(handling="ansokan.signerad").exists()

    underskrift = services.signera(ansokan=inlamnad, part=af, by=karin_af)
    assert underskrift.behorig
    entry = AuditEntry.objects.get(handling="ansokan.signerad")
    assert entry.data["behorig_foretradare"] is True


def test_the_page_says_who_must_sign_and_shows_the_capacity(client, inlamnad, karin_af, kollega_af):
    url = reverse("ansokningar:detalj", args=[inlamnad.pk])
    client.force_login(kollega_af)
    page = client.get(url).content.decode()
    assert "Skriv under för Arbetsförmedlingen" not in page
    assert "Du är inte registrerad som behörig företrädare för Arbetsförmedlingen" in page
    # Posting anyway changes nothing.
    client.post(reverse("ansokningar:signera", args=[inlamnad.pk]))
    assert not inlamnad.underskrifter.exists()

    client.force_login(karin_af)
    page = client.get(url).content.decode()
    assert "Skriv under för Arbetsförmedlingen" in page and "som behörig företrädare för Arbetsförmedlingen" in page
    client.post(reverse("ansokningar:signera", args=[inlamnad.pk]))
    page = client.get(url).content.decode()
    assert "Karin Dahl, Sektionschef, som behörig företrädare" in page


def test_the_pdf_names_the_capacity(client, inlamnad, karin_af, media):
    from ansokningar.pdf import render_ansokan_pdf
    from tests.helpers import pdf_text

    services.signera(ansokan=inlamnad, part=inlamnad.parter.get(organisation__namn="Arbetsförmedlingen"), by=karin_af)
    text = " ".join(pdf_text(render_ansokan_pdf(inlamnad)).split())
    assert "Ställt sig bakom ansökan i e-tjänsten som behörig företrädare för Arbetsförmedlingen" in text


def test_mails_and_start_page_ask_the_behoriga(
    client, komplett, anna_sokande, karin_af, kollega_af, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import submit

    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    asked = {m.to[0] for m in mailoutbox if "väntar på underskrift från Arbetsförmedlingen" in m.subject}
    assert asked == {karin_af.email}  # not the colleague who cannot sign
    client.force_login(kollega_af)
    assert "Väntar på din underskrift" not in client.get(reverse("start")).content.decode()
    client.force_login(karin_af)
    assert "Väntar på din underskrift" in client.get(reverse("start")).content.decode()


def test_a_party_without_a_behorig_foretradare_asks_all_its_sokande(
    komplett, anna_sokande, karin_af, kollega_af, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import submit

    karin_af.behorig_for.clear()
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    asked = {m.to[0] for m in mailoutbox if "väntar på underskrift från Arbetsförmedlingen" in m.subject}
    assert asked == {karin_af.email, kollega_af.email}


def test_admin_refuses_authority_for_an_organisation_not_represented(client, orgs):
    admin_user = UserFactory(username="admin9", roll=Roll.ADMINISTRATOR)
    user = UserFactory(username="u9", roll=Roll.SOKANDE, organisationer=[orgs["af"]])
    client.force_login(admin_user)
    url = reverse("admin:samordning_user_change", args=[user.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "organisationer": [orgs["af"].pk],
            "behorig_for": [orgs["af"].pk, orgs["region"].pk],
            "roll": Roll.SOKANDE,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Användaren företräder inte Region Uppsala" in response.content.decode()
    assert set(user.behorig_for.values_list("pk", flat=True)) == {orgs["af"].pk}


def test_a_party_nobody_may_sign_for_is_pointed_out(client, inlamnad, anna_sokande, karin_af, lars_region):
    karin_af.behorig_for.clear()
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:detalj", args=[inlamnad.pk])).content.decode()
    af = page.split("<strong>Arbetsförmedlingen</strong>")[1].split("</li>")[0]
    assert "Ingen behörig företrädare är registrerad för organisationen" in af
    region = page.split("<strong>Region Uppsala</strong>")[1].split("</li>")[0]
    assert "Ingen behörig företrädare" not in region
