"""Daily: remind the insatsägare (and for overdue reports the handläggare)
of reports due or overdue. Run by cron or a systemd timer (README.md);
running it twice on a day sends nothing new (insatser.rapportnotiser)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from insatser.models import Paminnelse
from insatser.rapportnotiser import paminn


class Command(BaseCommand):
    help = "Skickar påminnelser om rapporter som snart ska lämnas eller är försenade (en gång per rapport och steg)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--idag",
            help="Kör som om dagens datum vore detta (ÅÅÅÅ-MM-DD), för test och efterkörning.",
        )

    def handle(self, *args, idag=None, **options):
        if idag:
            try:
                idag = datetime.date.fromisoformat(idag)
            except ValueError as exc:
                raise CommandError(
                    f"--idag ska vara ett datum som ÅÅÅÅ-MM-DD, inte {idag!r}."
                ) from exc
        skickat = paminn(idag)
        for rapport, steg, antal in skickat:
            self.stdout.write(
                f"{rapport.insats.namn}: {rapport.get_typ_display()} {rapport.period_fran}–{rapport.period_till}, "
                f"förfaller {rapport.forfallodatum}: {Paminnelse.Steg(steg).label} till {antal} mottagare"
            )
        self.stdout.write(
            ngettext(
                "%(antal)d påminnelse skickad.", "%(antal)d påminnelser skickade.", len(skickat)
            )
            % {"antal": len(skickat)}
        )
