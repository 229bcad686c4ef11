"""Beredning and beslutsförslag for the benchmark: the demo's (seed 001 and
the demo application), with the Lokussamordnare proposal fastställd once so
the stored-file download can be measured."""

from bench.generate import register


@register
def beslut(scale):
    from beslut import demo, services
    from beslut.models import Beslutsforslag
    from samordning.models import User

    demo.load()
    lokus = Beslutsforslag.objects.filter(titel=demo.LOKUS).first()
    if lokus and not lokus.versioner.exists():
        services.faststall(forslag=lokus, by=User.objects.get(username="cecilia"))
