"""A rekvisition as a PDF (issue 11, item 2), for the förbund's accounts
and the insatsägare's: förbund, insats and insatsägare, the grant it draws
on (decision date and §), the period, the amounts per budget category with
their sum, what was claimed on the grant and the insats before it and what
it leaves, and its status with who attested, returned or paid it and when.

Rendered through samordning.pdf (PDF/A-3a, PDF/UA-1) and stored per content
version: a claim's PDF changes only when its status does, so each state is
rendered once."""

from django.utils.translation import gettext as _

from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Rekvisition, Rekvisitionsrad
from samordning.models import Forbund
from samordning.pdf import logotyp_url, stored_pdf

TEMPLATE = "pdf/rekvisition.html"


def stallning(r):
    """What the claim's page and PDF show beside its rows: the rows per
    category (every category, zeros too, in the form's order), the sum,
    and for its grant and for the insats in total what was granted, claimed
    before it (not returned) and of that paid, and what is left after it
    (a returned claim leaves what was there). Two queries; `r` with its
    rader prefetched."""
    beviljanden = list(
        Beviljande.objects.filter(insats_id=r.insats_id).order_by("period_fran", "pk")
    )
    saldo = rek.saldon(beviljanden, fore=r)
    belopp = {rad.kategori: rad.belopp for rad in r.rader.all()}
    summa = sum(belopp.values())
    raknas = summa if r.status != Rekvisition.Status.RETURNERAD else 0

    def rad(s):
        return {
            "beviljat": s.beviljat,
            "tidigare": s.rekvirerat,
            "betalt": s.betalt,
            "kvar": s.kvar - raknas,
        }

    return {
        "rader": [(label, belopp.get(k, 0)) for k, label in Rekvisitionsrad.Kategori.choices],
        "summa": summa,
        "for_beslutet": rad(saldo[r.beviljande_id]),
        "for_insatsen": rad(saldo[None]),
        "flera_beslut": len(beviljanden) > 1,
    }


def filnamn(r):
    return f"rekvisition-{r.pk}-{r.period_fran.isoformat()}.pdf"


def context(r):
    forbund = Forbund.get()
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "r": r,
        **stallning(r),
        "titel": titel(r),
    }


def titel(r):
    return _("Rekvisition %(nr)s, %(insats)s") % {"nr": r.pk, "insats": r.insats.namn}


def stored_rekvisition_pdf(r):
    """The claim as it is now, rendered once per content version (bytes and file)."""
    return stored_pdf(TEMPLATE, context(r))
