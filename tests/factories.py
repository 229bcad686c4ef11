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
