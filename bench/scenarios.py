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
    yield from decision_screens()
    from bench.gen_protokoll import protokoll_screens

    yield from protokoll_screens()
    from bench.gen_insatser import insats_screens

    yield from insats_screens()


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
    demo = Ansokan.objects.filter(namn="Förstärkt stöd till arbete & studier").first()
    if demo:
        yield "ansökan detalj (demoansökan)", "bertil", "get", reverse("ansokningar:detalj", args=[demo.pk]), None
        from ansokningar.pdf import render_ansokan_pdf

        # Laid out afresh every time (the view answers from the PDF store,
        # MEDIA_ROOT/pdf/, after the first request); loading included, as in
        # the view. PDF/A-3a, tagged: what the view's first request costs.
        yield (
            "ansökan PDF (demoansökan), ny rendering",
            None,
            "call",
            lambda: render_ansokan_pdf(demo, use_cache=False),
            None,
        )
        # Every later request: the HTML is made and hashed, the file read.
        yield "ansökan PDF (demoansökan), lagrad", "bertil", "get", reverse("ansokningar:pdf", args=[demo.pk]), None


def decision_screens():
    """Beredning and beslutsförslag (bench.gen_beslut), and the PDFs rendered
    afresh: the PDF store would otherwise answer after the first request."""
    import io

    from pypdf import PdfReader

    from ansokningar.models import Ansokan
    from beslut.models import Beslutsforslag
    from beslut.pdf import render_forslag_pdf
    from beslut.views.forslag import _forslag_qs

    demo = Ansokan.objects.filter(namn="Förstärkt stöd till arbete & studier").first()
    lokus = Beslutsforslag.objects.filter(titel="Lokussamordnare Älvkarleby").first()
    if lokus is None:
        return
    # The two demo proposals; the speed target is for two pages.
    for forslag in [lokus, Beslutsforslag.objects.filter(ansokan=demo).order_by("pk").first()]:
        if forslag is None:
            continue
        full = _forslag_qs().get(pk=forslag.pk)
        sidor = len(PdfReader(io.BytesIO(render_forslag_pdf(full, use_cache=False))).pages)
        yield (
            f"beslutsförslag PDF, ny rendering ({sidor} s., {forslag.titel.split()[0]})",
            None,
            "call",
            lambda full=full: render_forslag_pdf(full, use_cache=False),
            None,
        )
    yield "beslutsförslag fastställd PDF (lagrad)", "cecilia", "get", reverse("beslut:version_pdf", args=[lokus.pk, 1]), None
    yield "beslutsförslag redigera", "cecilia", "get", reverse("beslut:redigera", args=[lokus.pk]), None
    yield "beslutsförslag visa", "bertil", "get", reverse("beslut:detalj", args=[lokus.pk]), None
    yield "beredning", "bertil", "get", reverse("beslut:beredning", args=[lokus.ansokan_id]), None
    yield "beslut lista", "bertil", "get", reverse("beslut:lista"), None
