"""Co-parties are asked to sign: by e-mail at every submission and on the
sökande's start page ("Väntar på din underskrift"); the kansli sees which
applications came back after komplettering ("Komplettering inkommen")."""

import functools

import pytest
from django.urls import reverse

from ansokningar import seed, services
from ansokningar.models import Ansokan
from samordning.models import AuditEntry, Roll
from tests import factories
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Ansokan.Status


# Submitted with a link, so the mails to sign carry one.
submit = functools.partial(factories.submit, lank="https://samordning.example/a/1/")


def signature_mails(mailoutbox):
    return sorted((m.to[0], m.subject) for m in mailoutbox if "väntar på underskrift" in m.subject)


# --- e-mail at submission -----------------------------------------------------------


def test_first_submission_asks_every_co_party_to_sign(
    komplett, anna_sokande, karin_af, lars_region, maria_fk, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    kollega_af = UserFactory(username="kollega-af", roll=Roll.SOKANDE, organisationer=[orgs["af"]])
    UserFactory(username="utan-epost", email="", roll=Roll.SOKANDE, organisationer=[orgs["af"]])
    UserFactory(username="slutat", roll=Roll.SOKANDE, is_active=False, organisationer=[orgs["af"]])
    UserFactory(username="ledamot-region", roll=Roll.LEDAMOT, organisationer=[orgs["region"]])
    kollega_alv = UserFactory(username="kollega-alv", roll=Roll.SOKANDE, organisationer=[orgs["alvkarleby"]])

    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    dnr = komplett.diarienummer
    assert signature_mails(mailoutbox) == sorted(
        [
            (karin_af.email, f"Ansökan {dnr} väntar på underskrift från Arbetsförmedlingen"),
            (kollega_af.email, f"Ansökan {dnr} väntar på underskrift från Arbetsförmedlingen"),
            (lars_region.email, f"Ansökan {dnr} väntar på underskrift från Region Uppsala"),
            (maria_fk.email, f"Ansökan {dnr} väntar på underskrift från Försäkringskassan"),
        ]
    )
    # Not the submitter, nor the insatsägare's own colleagues (not a co-party),
    # nor users without e-mail, inactive ones or other roles.
    recipients = {m.to[0] for m in mailoutbox}
    assert kollega_alv.email not in recipients
    assert recipients == {anna_sokande.email, karin_af.email, kollega_af.email, lars_region.email, maria_fk.email}
    (mail,) = [m for m in mailoutbox if m.to == [karin_af.email]]
    assert "Älvkarleby kommun har lämnat in ansökan ”Förstärkt stöd till arbete & studier”" in mail.body
    assert "skriv under för Arbetsförmedlingen här:\nhttps://samordning.example/a/1/" in mail.body
    entry = AuditEntry.objects.get(handling="ansokan.inlamnad")
    assert sorted(entry.data["ombedda_skriva_under"]) == sorted(
        [karin_af.pk, kollega_af.pk, lars_region.pk, maria_fk.pk]
    )


def test_resubmission_asks_only_parties_whose_signature_does_not_cover_it(
    komplett, anna_sokande, karin_af, lars_region, maria_fk, bertil_handlaggare, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    services.signera(ansokan=komplett, part=komplett.parter.get(organisation__namn="Region Uppsala"), by=lars_region)
    services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Bifoga budget per år.")
    mailoutbox.clear()
    # Resubmitted without a change: Region Uppsala's signature still covers it.
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    assert [to for to, _subject in signature_mails(mailoutbox)] == sorted([karin_af.email, maria_fk.email])


def test_a_failing_mail_server_does_not_undo_the_submission(
    komplett, anna_sokande, karin_af, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("ansokningar.notifications.send_mail", broken)
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    assert komplett.status == S.INLAMNAD


# --- the start page ------------------------------------------------------------------


def test_start_page_lists_what_waits_for_my_signature(client, komplett, anna_sokande, karin_af, django_capture_on_commit_callbacks):
    client.force_login(karin_af)
    assert "Väntar på din underskrift" not in client.get(reverse("start")).content.decode()  # a draft: not yet

    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    page = client.get(reverse("start")).content.decode()
    assert "Väntar på din underskrift" in page
    section = page.split("Väntar på din underskrift")[1].split("</section>")[0]
    assert reverse("ansokningar:detalj", args=[komplett.pk]) in section
    assert komplett.diarienummer in section and "Skriv under för Arbetsförmedlingen" in section

    services.signera(ansokan=komplett, part=komplett.parter.get(organisation__namn="Arbetsförmedlingen"), by=karin_af)
    assert "Väntar på din underskrift" not in client.get(reverse("start")).content.decode()

    # Changed after signing: the signature no longer covers it.
    Ansokan.objects.filter(pk=komplett.pk).update(version=komplett.version + 1)
    page = client.get(reverse("start")).content.decode()
    assert "ansökan har ändrats sedan ni skrev under" in page


def test_the_insatsagare_too_is_asked_until_it_has_signed(client, komplett, anna_sokande, django_capture_on_commit_callbacks):
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    client.force_login(anna_sokande)
    assert "Skriv under för Älvkarleby kommun" in client.get(reverse("start")).content.decode()


def test_start_page_queries_do_not_grow_with_waiting_applications(
    client, anna_sokande, karin_af, orgs, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    seed.ensure_categories()
    named = {o.namn: o for o in orgs.values()}
    client.force_login(karin_af)

    def add(n):
        for _ in range(n):
            submit(seed.build_seed_application(by=anna_sokande, orgs=named), anna_sokande, django_capture_on_commit_callbacks)

    def queries():
        with django_assert_max_num_queries(20) as ctx:
            page = client.get(reverse("start")).content.decode()
        return len(ctx.captured_queries), page.count("Skriv under för Arbetsförmedlingen")

    add(1)
    one, shown = queries()
    assert shown == 1
    add(6)
    assert queries() == (one, 7)


# --- komplettering inkommen ---------------------------------------------------------


@pytest.fixture
def kompletterad(komplett, anna_sokande, bertil_handlaggare, django_capture_on_commit_callbacks):
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Beskriv rekryteringen.")
    return submit(komplett, anna_sokande, django_capture_on_commit_callbacks)


def test_kansli_sees_komplettering_inkommen_in_lists_and_on_the_page(client, kompletterad, bertil_handlaggare, anna_sokande, orgs):
    other = seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})
    services.lamna_in(ansokan=other, by=anna_sokande)  # submitted once: no marker
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("ansokningar:lista")).content.decode()
    rows = {row.split("</tr>")[0] for row in page.split("<tr>")[1:] if "ansokningar/" in row}
    marked = [r for r in rows if "Komplettering inkommen" in r]
    assert len(marked) == 1 and kompletterad.diarienummer in marked[0]
    # The inbox has a section of its own for them (samordning/start/_inkorg.html).
    page = client.get(reverse("start")).content.decode()
    avsnitt = page.split('id="rubrik-komplettering"')[1].split("<h3")[0]
    other.refresh_from_db()
    assert other.diarienummer and kompletterad.diarienummer in avsnitt and other.diarienummer not in avsnitt

    page = client.get(reverse("ansokningar:detalj", args=[kompletterad.pk])).content.decode()
    assert "Komplettering inkommen" in page and "Inlämnad igen" in page
    k = kompletterad.kompletteringar.get()
    from samordning.formatting import tidpunkt

    assert "Beskriv rekryteringen." in page
    assert f"Begärd {tidpunkt(k.begard)} av Bertil Holm." in page.replace("&nbsp;", "\u00a0")
    assert f"Besvarad {tidpunkt(k.besvarad)}" in page


def test_marker_goes_once_the_kansli_takes_the_case_up_or_asks_again(client, kompletterad, bertil_handlaggare):
    services.begar_komplettering(ansokan=kompletterad, by=bertil_handlaggare, begaran="Och målen.")
    client.force_login(bertil_handlaggare)
    assert "Komplettering inkommen" not in client.get(reverse("ansokningar:lista")).content.decode()
    page = client.get(reverse("ansokningar:detalj", args=[kompletterad.pk])).content.decode()
    assert "Komplettering inkommen" not in page
    assert "Väntar på att den sökande kompletterar" in page
