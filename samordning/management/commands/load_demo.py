from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from samordning.demo import DEMO_PASSWORD

# Each app may add its demo data in <app>/demo.py with a load() function;
# they run in this order because later apps build on earlier ones.
# insatser comes after beslut: its demo follows up the insatser and grants
# that beslut's demo makes (the grant made when the demo protokoll is justerat).
DEMO_APPS = ["samordning", "ansokningar", "beslut", "insatser"]


class Command(BaseCommand):
    help = "Läser in demodata (idempotent) och skriver ut demoinloggningarna."

    # Demo submissions must not mail receipts to the demo people.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, *args, **options):
        inloggningar = []
        for label in DEMO_APPS:
            app = apps.get_app_config(label)
            try:
                module = import_module(f"{app.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.demo":
                    raise
                continue
            module.load()
            # Each app names the demo people it adds: (username, name, role and where).
            inloggningar += getattr(module, "inloggningar", list)()
        self.stdout.write(self.style.SUCCESS("Demodata är inläst."))
        self.stdout.write("")
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for username, namn, beskrivning in inloggningar:
            self.stdout.write(f"  {username:<9} {namn} – {beskrivning}")
