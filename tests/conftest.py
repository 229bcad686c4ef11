"""Shared fixtures: the förbund, its organisations and one persona per role.

Personas are named for what they are (anna_sokande, erik_utomstaende, ...)
so a test reads as a story. `personas` gives them all by role key, for the
permission matrix and the browser journeys.
"""

import os

import pytest

from samordning.models import Organisation, Roll
from tests.factories import ForbundFactory, OrganisationFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse ORM calls from it. The live server runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

T = Organisation.Typ


@pytest.fixture
def forbund(db):
    return ForbundFactory()


@pytest.fixture
def kategorier(db):
    """The förbund's categories of seed 002, by name."""
    from ansokningar import seed

    return seed.ensure_categories()[0]


@pytest.fixture
def orgs(db):
    return {
        "alvkarleby": OrganisationFactory(namn="Älvkarleby kommun", typ=T.KOMMUN),
        "af": OrganisationFactory(namn="Arbetsförmedlingen", typ=T.ARBETSFORMEDLINGEN),
        "region": OrganisationFactory(namn="Region Uppsala", typ=T.REGION),
        "fk": OrganisationFactory(namn="Försäkringskassan", typ=T.FORSAKRINGSKASSAN),
        "knivsta": OrganisationFactory(namn="Knivsta kommun", typ=T.KOMMUN),
    }


def _persona(username, first, last, roll, orgs=(), titel=""):
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        roll=roll,
        titel=titel,
        organisationer=list(orgs),
    )


@pytest.fixture
def anna_sokande(forbund, orgs):
    return _persona("anna", "Anna", "Berglund", Roll.SOKANDE, [orgs["alvkarleby"]], "Arbetsmarknadschef")


@pytest.fixture
def karin_af(forbund, orgs):
    return _persona("karin", "Karin", "Dahl", Roll.SOKANDE, [orgs["af"]], "Sektionschef")


@pytest.fixture
def lars_region(forbund, orgs):
    return _persona("lars", "Lars", "Ekholm", Roll.SOKANDE, [orgs["region"]], "Verksamhetschef")


@pytest.fixture
def maria_fk(forbund, orgs):
    return _persona("maria", "Maria", "Falk", Roll.SOKANDE, [orgs["fk"]], "Enhetschef")


@pytest.fixture
def erik_utomstaende(forbund, orgs):
    """A sökande of another member organisation: sees none of Älvkarleby's cases."""
    return _persona("erik", "Erik", "Gran", Roll.SOKANDE, [orgs["knivsta"]])


@pytest.fixture
def bertil_handlaggare(forbund):
    return _persona("bertil", "Bertil", "Holm", Roll.HANDLAGGARE, titel="Verksamhetsutvecklare")


@pytest.fixture
def cecilia_forbundschef(forbund):
    return _persona("cecilia", "Cecilia", "Isaksson", Roll.FORBUNDSCHEF, titel="Förbundschef")


@pytest.fixture
def david_ledamot(forbund, orgs):
    return _persona("david", "David", "Jansson", Roll.LEDAMOT, [orgs["region"]])


@pytest.fixture
def elsa_ersattare(forbund, orgs):
    return _persona("elsa", "Elsa", "Karlsson", Roll.ERSATTARE, [orgs["knivsta"]])


@pytest.fixture
def fredrik_sekreterare(forbund):
    return _persona("fredrik", "Fredrik", "Lund", Roll.SEKRETERARE)


@pytest.fixture
def gunilla_admin(forbund):
    # Not a superuser: the role alone must open the admin site.
    return _persona("gunilla", "Gunilla", "Moberg", Roll.ADMINISTRATOR)


@pytest.fixture
def komplett(anna_sokande, orgs):
    """The seed application (seed 004), complete as anna's draft: Älvkarleby
    kommun with AF, Region Uppsala and FK."""
    from ansokningar import seed

    return seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def inlamnad(anna_sokande, orgs):
    """The seed application (seed 004), submitted by anna, with the clause
    library in place (transactional tests flush the migration's rows)."""
    from ansokningar import seed, services
    from beslut import klausuler
    from beslut.models import Klausul

    seed.ensure_categories()
    klausuler.load_defaults(Klausul)
    ansokan = seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})
    services.lamna_in(ansokan=ansokan, by=anna_sokande)
    ansokan.refresh_from_db()
    return ansokan


@pytest.fixture
def beredd(inlamnad, bertil_handlaggare):
    """`inlamnad`, beredd with every check made and bifall recommended on
    1 September 2022."""
    import datetime

    from beslut import services
    from beslut.models import Beredning

    data = dict.fromkeys(Beredning.CHECKLIST, Beredning.Svar.JA)
    data.update(rekommendation="bifall", rekommendation_datum=datetime.date(2022, 9, 1), anteckningar="")
    services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data=data)
    return inlamnad


@pytest.fixture
def forslag(beredd, cecilia_forbundschef):
    """The förbundschef's beslutsförslag drafted from `beredd`."""
    from beslut import services

    return services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)


@pytest.fixture
def kategori(db):
    """Individinriktad, the one category an application's del needs."""
    from ansokningar.models import Insatskategori

    return Insatskategori.objects.get_or_create(namn="Individinriktad", defaults={"inriktning": "individ"})[0]


@pytest.fixture
def ansokan(anna_sokande, orgs, kategori):
    """anna's draft "Vägen till arbete": Älvkarleby kommun with AF."""
    from ansokningar import services
    from ansokningar.models import Part

    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Vägen till arbete")
    Part.objects.create(ansokan=a, organisation=orgs["af"], ordning=1)
    return a


@pytest.fixture
def anna(client_for, anna_sokande):
    """A client logged in as anna_sokande."""
    return client_for(anna_sokande)


PERSONA_FIXTURES = {
    "sokande": "anna_sokande",
    "utomstaende": "erik_utomstaende",
    "handlaggare": "bertil_handlaggare",
    "forbundschef": "cecilia_forbundschef",
    "ledamot": "david_ledamot",
    "ersattare": "elsa_ersattare",
    "sekreterare": "fredrik_sekreterare",
    "admin": "gunilla_admin",
}


@pytest.fixture
def personas(request):
    return {key: request.getfixturevalue(name) for key, name in PERSONA_FIXTURES.items()}


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def gunnar(forbund):
    """A user who logs in with a password (tests.factories.PASSWORD), as the
    login limits need; the admin role, so /admin/ lets him in."""
    from tests.factories import PASSWORD

    user = UserFactory(username="gunnar", roll=Roll.ADMINISTRATOR)
    user.set_password(PASSWORD)
    user.save()
    return user


# Browser fixtures (chromium, page) live in tests/browser.py.
pytest_plugins = ["tests.browser"]
