"""The admin in Swedish, third-party parts included (WCAG 3.1.2, language of parts).

The project writes its own text in Swedish; what installed packages show in
the admin (django-axes today) gets Swedish from locale/sv/LC_MESSAGES/django.po.
The first test walks every registered admin whose code is not the project's,
so a new package's admin that would show English fails here until its
strings are translated."""

import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR).resolve()

# The same word in both languages, so "untranslated" can't be told from it.
SAME_IN_SWEDISH = {"ID"}


def _third_party(cls):
    """Whether cls comes from an installed package, not the project's own code."""
    path = Path(inspect.getfile(cls)).resolve()
    return BASE_DIR not in path.parents or ".venv" in path.relative_to(BASE_DIR).parts


def _texts(model, model_admin):
    """Everything the admin shows for model that its package wrote: names,
    field labels and help, fieldset headings, filter titles, actions."""
    meta = model._meta
    yield meta.verbose_name
    yield meta.verbose_name_plural
    for field in meta.get_fields():
        if field.auto_created or not hasattr(field, "verbose_name"):
            continue
        yield field.verbose_name
        if field.help_text:
            yield field.help_text
    for name, _options in model_admin.fieldsets or ():
        if name:
            yield name
    for list_filter in model_admin.list_filter:
        if isinstance(list_filter, type) and hasattr(list_filter, "title"):
            yield list_filter.title
    for function, _name, description in model_admin._get_base_actions():
        if _third_party(function):  # an action of ours is written in Swedish
            yield description


def test_every_third_party_admin_text_has_swedish():
    untranslated = []
    for model, model_admin in admin.site._registry.items():
        if not _third_party(type(model_admin)):
            continue
        for text in _texts(model, model_admin):
            with translation.override("en"):
                english = str(text)
            with translation.override("sv"):
                swedish = str(text)
            if swedish == english and english not in SAME_IN_SWEDISH:
                untranslated.append(f"{model._meta.label}: {english!r}")
    assert not untranslated, "No Swedish in locale/sv/LC_MESSAGES/django.po for:\n" + "\n".join(
        untranslated
    )


def test_every_third_party_app_in_the_admin_has_a_swedish_heading():
    """An app's heading is its AppConfig's verbose_name; a package that sets
    none is headed by its label ("Axes"), which no catalogue translates, so
    the project names it in an AppConfig of its own (samordning/axes_app.py)."""
    from django.apps import apps

    for label in {model._meta.app_label for model in admin.site._registry}:
        config = apps.get_app_config(label)
        if not _third_party(type(config)):
            continue  # the project's own: a Swedish literal
        with translation.override("en"):
            english = str(config.verbose_name)
        with translation.override("sv"):
            swedish = str(config.verbose_name)
        assert swedish != english, f"{label}: heading {english!r} has no Swedish"


ENGLISH = [
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Access attempt",
    "Attempt Time",
    "IP Address",
    "User Agent",
    "Username",
    "Locked Out",
    "Attempt Remaining",
    "Failed Logins",
    "Meta Data",
    "Form Data",
    "Clean up expired attempts",
    # The models' __str__, in the change pages' titles (samordning/axes_app.py)
    "Attempted Access",
    "Failed access",
    "Access Log for",
]


@pytest.fixture
def axes_rows(db):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    common = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "10.0.9.1",
        "username": "gunilla",
        "http_accept": "text/html",
        "path_info": "/konto/logga-in/",
    }
    return [
        AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=2),
        AccessFailureLog.objects.create(**common, locked_out=False),
        AccessLog.objects.create(**common),
    ]


def test_admin_pages_for_axes_are_swedish(client, gunilla_admin, axes_rows):
    client.force_login(gunilla_admin)
    index = client.get(reverse("admin:index")).content.decode()
    for swedish in [
        "Inloggningsspärr",
        "Inloggningsförsök",
        "Misslyckade inloggningar",
        "Inloggningsloggar",
    ]:
        assert swedish in index
    pages = {"admin:index": index}
    for row in axes_rows:
        meta = row._meta
        for view, args in [("changelist", []), ("change", [row.pk])]:
            name = f"admin:{meta.app_label}_{meta.model_name}_{view}"
            response = client.get(reverse(name, args=args))
            assert response.status_code == 200, name
            pages[name] = response.content.decode()
    changelist = pages["admin:axes_accessattempt_changelist"]
    for swedish in ["Tidpunkt", "IP-adress", "Användarnamn", "3 försök kvar", "Spärrad"]:
        assert swedish in changelist
    assert "Misslyckad inloggning för gunilla" in pages["admin:axes_accessfailurelog_change"]
    for name, page in pages.items():
        shown = [english for english in ENGLISH if english in page]
        assert not shown, f"{name} shows English: {shown}"


def test_the_cleanup_action_works_from_the_admin(client, gunilla_admin, axes_rows):
    """Axes's own action was a 500 from the admin (it needs a login request's
    attempt time); ours removes the attempts past the cool-off."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    client.force_login(gunilla_admin)  # a login cleans expired attempts itself: age the row after it
    old = axes_rows[0]
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=1))
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "rensa_inaktuella_forsok", "_selected_action": [old.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 inaktuellt försök rensades." in response.content.decode()
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
