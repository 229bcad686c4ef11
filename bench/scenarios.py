"""What `make bench` measures: (name, persona username or None, method, path).

Later issues add their screens; keep each to one request."""

from django.urls import reverse

from samordning.demo import DEMO_PASSWORD


def scenarios():
    yield "inloggningssidan", None, "get", reverse("login"), None
    yield (
        "inloggning (POST, lösenordshash)",
        None,
        "post",
        reverse("login"),
        {"username": "anna", "password": DEMO_PASSWORD},
    )
    for username, label in [
        ("anna", "sökande"),
        ("bertil", "handläggare"),
        ("cecilia", "förbundschef"),
        ("david", "ledamot"),
        ("elsa", "ersättare"),
        ("fredrik", "sekreterare"),
        ("gunilla", "administratör"),
    ]:
        yield f"startsida {label}", username, "get", reverse("start"), None
    yield "administration", "gunilla", "get", reverse("administration"), None

    yield from application_screens()


def application_screens():
    """The application screens as the kansli uses them (bench.gen_ansokningar)."""
    from ansokningar.models import Ansokan

    lista = reverse("ansokningar:lista")
    yield "ansökningar lista handläggare", "bertil", "get", lista, None
    yield (
        "ansökningar lista filtrerad (status + sök)",
        "bertil",
        "get",
        lista,
        {"status": Ansokan.Status.INLAMNAD, "q": "arbete"},
    )
    one = (
        Ansokan.objects.filter(namn__startswith="Benchinsats", status=Ansokan.Status.UNDER_BEREDNING)
        .order_by("pk")
        .values_list("pk", flat=True)[50:51]
    )
    for pk in one:
        yield "ansökan detalj handläggare", "bertil", "get", reverse("ansokningar:detalj", args=[pk]), None
    demo = Ansokan.objects.filter(namn="Förstärkt stöd till arbete & studier").values_list("pk", flat=True).first()
    if demo:
        yield "ansökan detalj (demoansökan)", "bertil", "get", reverse("ansokningar:detalj", args=[demo]), None
        try:
            import ansokningar.pdf  # noqa: F401 - the PDF is another issue's
        except ImportError:
            return
        yield "ansökan PDF (demoansökan)", "bertil", "get", reverse("ansokningar:pdf", args=[demo]), None
