import datetime

import factory
from factory.django import DjangoModelFactory

from samordning.models import Forbund, Lokusgrupp, Organisation, Roll, User

PASSWORD = "losenord-for-test"


class ForbundFactory(DjangoModelFactory):
    class Meta:
        model = Forbund
        django_get_or_create = ["id"]

    id = 1
    namn = "Samordningsförbundet Uppsala län"
    diarieprefix = "SFU"
    overenskommelse = "Lagar och förordningar\nInsatsägarna är verksamhetsansvariga."


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["namn"]

    namn = factory.Sequence(lambda n: f"Kommun {n}")
    typ = Organisation.Typ.KOMMUN


class LokusgruppFactory(DjangoModelFactory):
    class Meta:
        model = Lokusgrupp

    namn = factory.LazyAttribute(lambda o: f"Lokus {o.kommun.namn}")
    kommun = factory.SubFactory(OrganisationFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.example")
    roll = Roll.SOKANDE
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def organisationer(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisationer.set(extracted)

    @factory.post_generation
    def behorig_for(self, create, extracted, **kwargs):
        """A sökande is behörig företrädare for their organisations unless
        told otherwise (`behorig_for=[]`): most tests sign as them."""
        if not create:
            return
        if extracted is None and self.roll == Roll.SOKANDE:
            extracted = list(self.organisationer.all())
        if extracted:
            self.behorig_for.set(extracted)


# The Lokussamordnare insats's earlier grants (seed 001: funded since 2018).
LOKUS_GRANTS = [
    {
        "beslutsdatum": datetime.date(2018, 3, 14),
        "diarienummer": "SFU 2018/7",
        "period_fran": datetime.date(2018, 4, 1),
        "period_till": datetime.date(2019, 3, 31),
        "belopp": 135_000,
    },
    {
        "beslutsdatum": datetime.date(2019, 3, 20),
        "diarienummer": "SFU 2019/11",
        "period_fran": datetime.date(2019, 4, 1),
        "period_till": datetime.date(2021, 3, 31),
        "belopp": 270_000,
    },
]


def make_insats(by, org, kategori, namn="Lokussamordnare Älvkarleby", grants=None, **extra):
    """An insats registered through the service, as the kansli would."""
    from insatser import services as insats_services

    grants = LOKUS_GRANTS if grants is None else grants
    # By default it starts with its first grant (it may not start after it).
    forsta = min((g["period_fran"] for g in grants), default=datetime.date(2018, 4, 1))
    return insats_services.registrera_insats(
        by=by,
        namn=namn,
        insatsagare=org,
        kategori=kategori,
        startdatum=extra.pop("startdatum", forsta),
        beviljanden=grants,
        **extra,
    )


def submit(ansokan, by, capture, lank=""):
    """Submit `ansokan` as `by` with its on-commit mails sent (`capture`:
    django_capture_on_commit_callbacks); the application as saved."""
    from ansokningar import services as ansokan_services

    with capture(execute=True):
        ansokan_services.lamna_in(ansokan=ansokan, by=by, lank=lank)
    ansokan.refresh_from_db()
    return ansokan
