"""Fills the benchmark database: the demo förbund plus `scale` × 10
organisations, each with a lokusgrupp and five users. Later issues add their
objects here (applications, decisions) in proportion to the same scale."""

from django.db import transaction

from samordning import demo
from samordning.models import Lokusgrupp, LokusgruppRepresentant, Organisation, Roll, User

GENERATORS = []  # later apps append callables (scale) -> None


def register(func):
    GENERATORS.append(func)
    return func


@register
@transaction.atomic
def organisations_and_users(scale):
    if Organisation.objects.filter(namn__startswith="Benchkommun").exists():
        return
    af = Organisation.objects.get(namn="Arbetsförmedlingen")
    users = []
    for i in range(scale * 10):
        kommun = Organisation.objects.create(namn=f"Benchkommun {i:04d}", typ=Organisation.Typ.KOMMUN)
        grupp = Lokusgrupp.objects.create(namn=f"Lokus Bench {i:04d}", kommun=kommun)
        grupp.organisationer.set([kommun, af])
        for j in range(5):
            user = User(
                username=f"bench-{i:04d}-{j}",
                first_name="Bench",
                last_name=f"{i}-{j}",
                roll=Roll.SOKANDE,
                password="!",  # unusable
            )
            users.append((user, kommun, grupp))
    User.objects.bulk_create([u for u, _k, _g in users])
    through = User.organisationer.through
    through.objects.bulk_create(
        [through(user_id=u.pk, organisation_id=k.pk) for u, k, _g in users]
    )
    LokusgruppRepresentant.objects.bulk_create(
        [LokusgruppRepresentant(lokusgrupp=g, anvandare=u, organisation=k) for u, k, g in users[::5]]
    )


def fill(scale):
    import bench.gen_ansokningar
    import bench.gen_beslut
    import bench.gen_insatser
    import bench.gen_protokoll  # noqa: F401 - registers its generator

    demo.load()
    for generator in GENERATORS:
        generator(scale)
