"""The protokoll of a 20-§ meeting for the benchmark (issue 10: its PDF in
at most 1 s), built as the protokoll tests build theirs
(tests.justering_data: närvaro with people coming and going, jäv, an
omröstning), in an organ of its own."""

from bench.generate import register

ORGAN = "Benchstyrelsen"


@register
def protokoll(scale):
    from django.db import transaction

    from beslut.models import Organ, Sammantrade
    from samordning.models import User
    from tests.justering_data import bygg_mote

    if Sammantrade.objects.filter(organ__namn=ORGAN).exists():
        return
    with transaction.atomic():
        organ = Organ.objects.create(namn=ORGAN, typ=Organ.Typ.STYRELSE)
        bygg_mote(
            antal=20, start=1, organ=organ, ordforande=User.objects.get(username="david"),
            sekreterare=User.objects.get(username="fredrik"),
        )  # fmt: skip


def protokoll_screens():
    """The protokoll PDF of the 20-§ meeting laid out afresh (what the
    justering's freeze costs, loading included), the draft as the page
    serves it (from the PDF store after the first request), and the public
    anslagstavla."""
    from django.urls import reverse

    from beslut import protokoll_pdf
    from beslut.models import Sammantrade

    mote = Sammantrade.objects.filter(organ__namn=ORGAN).first()
    if mote is None:
        return
    yield (
        "protokoll PDF 20 §, ny rendering",
        None,
        "call",
        lambda: protokoll_pdf.render_protokoll_pdf(protokoll_pdf.mote_queryset().get(pk=mote.pk), use_cache=False),
        None,
    )
    yield "protokoll PDF 20 § (sidan, lagrad)", "fredrik", "get", reverse("beslut:protokoll_pdf", args=[mote.pk]), None
    yield "anslagstavla (offentlig)", None, "get", reverse("anslagstavla"), None
