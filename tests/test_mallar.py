"""Rules every template must follow that Django itself does not check."""

from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _templates():
    folders = [BASE_DIR / "templates", *(p for p in BASE_DIR.glob("*/templates") if ".venv" not in p.parts)]
    for folder in folders:
        yield from folder.rglob("*.html")
        yield from folder.rglob("*.txt")


def test_no_template_comment_spans_lines():
    """Django's {# #} ends at the line: one over two lines is printed on the
    page as text (base.html showed its comment above every message)."""
    found = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    found.append(f"{path.relative_to(BASE_DIR)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert not found, f"{{# #}} över flera rader (använd {{% comment %}}): {found}"

