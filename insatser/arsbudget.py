"""The year's funds as the förbundschef enters them: the eget kapital brought
forward and one contribution per member organisation (insatser.ekonomi
computes the year's money from them)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from insatser.ekonomi import KOMMUNER, OVRIGA, REGION, STAT, TYPGRUPP
from insatser.models import Arsbudget, Medlemsbidrag
from samordning import audit
from samordning.errors import ConflictError, bump_version
from samordning.models import Organisation

__all__ = ["ConflictError", "medlemmar", "spara_arsbudget"]

ORDNING = {STAT: 0, REGION: 1, KOMMUNER: 2, OVRIGA: 3}


def medlemmar(ar):
    """The organisations a year's budget has a line for: today's members and
    any organisation that has a contribution that year (a former member's
    stays visible), the state's first, then the region and the kommuner."""
    orgs = Organisation.objects.filter(
        Q(medlem=True)
        | Q(pk__in=Medlemsbidrag.objects.filter(arsbudget__ar=ar).values("organisation"))
    )
    return sorted(orgs, key=lambda o: (ORDNING[TYPGRUPP.get(o.typ, OVRIGA)], o.namn))


def _stale(ar):
    return ConflictError(
        _(
            "Årsbudgeten för %(ar)s har ändrats av någon annan sedan du öppnade sidan. "
            "Det du skrev är inte sparat men finns kvar nedan."
        )
        % {"ar": ar}
    )


@transaction.atomic
def spara_arsbudget(*, ar, eget_kapital, underlag, bidrag, version, by):
    """Save the year's funds. `bidrag` maps Organisation -> kr, or None for
    no contribution (its line is removed). `version` is the one the page was
    opened with (0: the year had no budget then): if anyone has saved since,
    ConflictError and nothing is written. Two creating the same year meet
    at the unique year and the second is told so too."""
    budget = Arsbudget.objects.select_for_update().filter(ar=ar).first()
    if budget is None:
        if version != 0:
            raise _stale(ar)  # it existed when the page was opened: removed since
        try:
            with transaction.atomic():
                budget = Arsbudget.objects.create(
                    ar=ar, eget_kapital=eget_kapital, underlag=underlag
                )
        except IntegrityError as exc:
            raise _stale(ar) from exc
        before = {"eget_kapital": None, "underlag": "", "bidrag": {}}
    else:
        bump_version(budget, version, str(_stale(ar)))
        before = {"eget_kapital": budget.eget_kapital, "underlag": budget.underlag}
        budget.eget_kapital, budget.underlag = eget_kapital, underlag
        budget.save(update_fields=["eget_kapital", "underlag"])
    stored = {b.organisation_id: b for b in budget.bidrag.all()}
    before["bidrag"] = {str(b.organisation_id): b.belopp for b in stored.values()}
    after = {}
    for org, kr in bidrag.items():
        row = stored.get(org.pk)
        if kr is None:
            if row is not None:
                row.delete()
            continue
        after[str(org.pk)] = kr
        if row is None:
            Medlemsbidrag.objects.create(arsbudget=budget, organisation=org, belopp=kr)
        elif row.belopp != kr:
            row.belopp = kr
            row.save(update_fields=["belopp"])
    audit.record(
        actor=by,
        action="arsbudget.sparad",
        obj=budget,
        data={
            "ar": ar,
            "fore": before,
            "efter": {"eget_kapital": eget_kapital, "underlag": underlag, "bidrag": after},
        },
    )
    return budget
