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
