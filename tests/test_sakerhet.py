"""Login, sessions and the headers every response carries (issue 8, item 5).

The header test walks every URL of the permission matrix, so a new view gets
checked without anyone remembering to; the template scan fails for an inline
script or style that the Content-Security-Policy would block."""

import datetime
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from samordning.middleware import LAST_SEEN, LOGGED_IN_AT
from tests.factories import PASSWORD
from tests.helpers import settings_in_a_new_process
from tests.matrix import LOGGED_IN, ROWS, row_url

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


# --- Wrong passwords (django-axes) --------------------------------------------------


# gunnar (conftest) logs in with tests.factories.PASSWORD.


def _login(client, username, password, ip, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _fail(client, times, *, usernames=("gunnar",), ips=("10.0.0.1",), url=None):
    for i in range(times):
        response = _login(client, usernames[i % len(usernames)], "fel", ips[i % len(ips)], url)
        assert response.status_code in (200, 429)


def _is_locked(response):
    return response.status_code == 429 and "Inloggningen är tillfälligt spärrad" in response.content.decode()


def test_a_username_is_locked_after_five_failures_from_any_address(client, gunnar):
    _fail(client, 4, ips=[f"10.0.1.{i}" for i in range(4)])
    assert _login(client, "gunnar", PASSWORD, "10.0.2.1").status_code == 302  # four are forgiven
    client.logout()
    _fail(client, 1, ips=["10.0.1.9"])
    locked = _login(client, "gunnar", PASSWORD, "10.0.2.2")  # even the right password
    assert _is_locked(locked)
    text = locked.content.decode()
    assert "Försök igen om 15 minuter" in text and "5 för det här användarnamnet" in text
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_its_own_higher_limit_for_any_usernames(client, gunnar, settings):
    """One address is often a whole office behind NAT: colleagues' typos
    there do not lock everyone out at the username's limit."""
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 30  # the default
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 12
    _fail(client, 11, usernames=["a", "b", "c", "d", "e"], ips=["10.0.3.1"])
    assert _login(client, "gunnar", PASSWORD, "10.0.3.1").status_code == 302  # a colleague still gets in
    client.logout()
    _fail(client, 1, usernames=["f"], ips=["10.0.3.1"])
    locked = _login(client, "gunnar", PASSWORD, "10.0.3.1")
    assert _is_locked(locked)
    assert "12 från den här adressen" in locked.content.decode()
    # The account itself is not locked: from another address it logs in.
    assert _login(client, "gunnar", PASSWORD, "10.0.3.2").status_code == 302


def test_the_admin_login_counts_and_is_locked_too(client, gunnar):
    admin_login = reverse("admin:login")
    _fail(client, 5, ips=["10.0.4.1"], url=admin_login)
    locked = _login(client, "gunnar", PASSWORD, "10.0.4.2", url=admin_login)
    assert _is_locked(locked)
    # Counted together with the app's own login page.
    assert _is_locked(_login(client, "gunnar", PASSWORD, "10.0.4.3"))


def test_the_lock_ends_after_the_cool_off(client, gunnar):
    from axes.models import AccessAttempt

    _fail(client, 5, ips=["10.0.5.1"])
    assert _is_locked(_login(client, "gunnar", PASSWORD, "10.0.5.2"))
    # Fifteen minutes on (each try during the lock started it again).
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert _login(client, "gunnar", PASSWORD, "10.0.5.2").status_code == 302


def test_behind_a_proxy_the_client_address_counts(settings, rf):
    from samordning.middleware import client_ip

    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.9.9.9"  # no proxy configured: the header is the client's word
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "2.2.2.2"  # what our proxy saw; 1.1.1.1 was sent by the client


# --- Sessions end ------------------------------------------------------------------


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def _logged_out_with(client, response, text):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"]).content.decode()
    assert text in page
    assert "_auth_user_id" not in client.session


def test_an_idle_session_ends(client, anna_sokande):
    client.force_login(anna_sokande)
    assert client.get(reverse("start")).status_code == 200
    _age_session(client, **{LAST_SEEN: 121 * 60})
    response = client.get(reverse("start"))
    assert response["Location"] == reverse("login") + "?next=%2F"
    _logged_out_with(client, response, "Du har loggats ut eftersom du inte har använt tjänsten på 120 minuter.")


def test_a_session_ends_after_the_absolute_limit_however_active(client, anna_sokande):
    client.force_login(anna_sokande)
    _age_session(client, **{LOGGED_IN_AT: 12 * 3600 + 60, LAST_SEEN: 30})
    response = client.get(reverse("start"))
    _logged_out_with(client, response, "Du har loggats ut eftersom du har varit inloggad i mer än 12 timmar.")


def test_an_htmx_request_after_the_limit_sends_the_whole_page_to_the_login(client, anna_sokande):
    client.force_login(anna_sokande)
    _age_session(client, **{LAST_SEEN: 121 * 60})
    response = client.get(reverse("start"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_activity_keeps_a_session_and_is_noted_once_a_minute(client, anna_sokande, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(anna_sokande)
    _age_session(client, **{LAST_SEEN: 4 * 60})
    assert client.get(reverse("start")).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5  # noted
    _age_session(client, **{LAST_SEEN: 20})
    assert client.get(reverse("start")).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] >= 20  # not written again within the minute


# --- Production settings -------------------------------------------------------------


# Whether DEBUG is off by default and a bare start refuses: test_foundation.


def test_hsts_covers_subdomains_and_preload_only_when_asked_for():
    env = {"SECRET_KEY": "Zq8#pL2vX" * 7, "ALLOWED_HOSTS": "x"}
    hsts = "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD"
    assert settings_in_a_new_process(env, hsts).stdout.strip() == "False False"
    asked = {**env, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}
    assert settings_in_a_new_process(asked, hsts).stdout.strip() == "True True"


# --- Password reset without mail ------------------------------------------------------


def test_production_without_mail_server_drops_mail_instead_of_logging_it(caplog):
    """Receipts and signature requests name people and link to cases: with
    DEBUG off and no EMAIL_HOST they must not be printed to the server log."""
    env = {"SECRET_KEY": "Zq8#pL2vX" * 7, "ALLOWED_HOSTS": "x"}
    assert settings_in_a_new_process(env, "settings.EMAIL_BACKEND").stdout.strip() == "samordning.epost.EjKonfigurerad"
    assert settings_in_a_new_process({**env, "DEBUG": "1"}, "settings.EMAIL_BACKEND").stdout.strip().endswith("console.EmailBackend")
    assert settings_in_a_new_process({**env, "EMAIL_HOST": "smtp.x"}, "settings.EMAIL_BACKEND").stdout.strip().endswith("smtp.EmailBackend")

    from django.core.mail import get_connection, send_mail

    connection = get_connection("samordning.epost.EjKonfigurerad")
    assert send_mail("Kvitto SFU 2026/1", "Hej Anna", None, ["anna@example.se"], connection=connection) == 0
    assert "1 meddelanden skickades inte" in caplog.text
    assert "anna@example.se" not in caplog.text and "Kvitto" not in caplog.text



@pytest.mark.parametrize("backend", ["django.core.mail.backends.console.EmailBackend", "samordning.epost.EjKonfigurerad"])
def test_password_reset_is_unavailable_when_mail_would_go_to_the_log(client, anna_sokande, settings, capsys, backend):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = backend
    page = client.get(reverse("password_reset"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Det går inte att återställa lösenordet via e-post här." in text
    assert "Kontakta förbundets kansli eller administratör" in text
    assert "<form method=\"post\" novalidate" not in text
    client.post(reverse("password_reset"), {"email": anna_sokande.email})
    assert "aterstall/" not in capsys.readouterr().out  # no link written to the console


def test_password_reset_sends_the_link_when_mail_is_configured(client, anna_sokande):
    assert "<form" in client.get(reverse("password_reset")).content.decode()
    client.post(reverse("password_reset"), {"email": anna_sokande.email})
    assert len(mail.outbox) == 1


# --- Headers on every response (the matrix's URLs) -------------------------------------


def _role_for(row):
    """A logged-in role that gets the page itself (2xx) if one does."""
    ok = [r for r in LOGGED_IN if 200 <= row.expected[r] < 300]
    return (ok or LOGGED_IN)[0]


def _check_headers(url, role, response):
    where = f"{role} {url} ({response.status_code})"
    assert "no-store" in response.get("Cache-Control", ""), where
    assert "camera=()" in response.get("Permissions-Policy", ""), where
    if response.get("Content-Type", "").startswith("text/html"):
        csp = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'", where
        assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'none'", where
        assert "unsafe" not in response["Content-Security-Policy"], where
        assert response["Referrer-Policy"] == "same-origin", where


def test_every_url_has_the_security_headers_for_a_logged_in_user(personas, client, settings, tmp_path):
    from django.db import transaction

    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    # "beslut:" builds and fastställer a proposal, so the proposal's URLs resolve.
    objects = matrix_objects.build(personas, "beslut:")
    checked = 0
    for name, row in sorted(ROWS.items()):
        address = row_url(name, objects)
        role = _role_for(row)
        client.force_login(personas[role])
        with transaction.atomic():
            response = getattr(client, row.method)(address, row.data)
            transaction.set_rollback(True)
        _check_headers(address, role, response)
        checked += 1
    # Also what is not in the matrix: the admin's pages, a 404, a lockout page.
    client.force_login(personas["admin"])
    for url in ["/admin/samordning/user/", "/admin/axes/accessattempt/", "/finns-inte/"]:
        _check_headers(url, "admin", client.get(url))
    assert checked == len(ROWS)


def test_the_login_page_and_the_lockout_page_have_them_too(client, gunnar):
    for response in [client.get(reverse("login")), client.get(reverse("admin:login"))]:
        _check_headers("login", "anon", response)
    _fail(client, 5, ips=["10.0.6.1"])
    locked = _login(client, "gunnar", PASSWORD, "10.0.6.1")
    assert _is_locked(locked)
    _check_headers("lockout", "anon", locked)


# --- No inline script or style in any template -----------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def _page_templates():
    """Every template a browser may be shown: the project's and every
    installed app's, the admin's and crispy's included (the PDF templates are
    read by WeasyPrint, which the CSP does not concern)."""
    from django.apps import apps

    folders = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    folders += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            if "pdf" not in path.relative_to(folder).parts:
                yield path


# Django's changelist adds a <style> only for a ModelAdmin with both action
# bars off; the test below makes sure none of ours is one.
KNOWN = {"admin/change_list.html"}


def test_no_template_has_inline_script_or_style():
    from django.contrib import admin

    found = []
    for path in _page_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
            for match in pattern.finditer(text):
                if "/".join(path.parts[-2:]) not in KNOWN:
                    found.append(f"{path}: {match.group(0)[:60]}")
    assert len(list(_page_templates())) > 100
    assert not found, "Inline-skript/stil som CSP:n stoppar; lägg det i static/: " + "; ".join(found)
    for model_admin in admin.site._registry.values():
        assert model_admin.actions_on_top or model_admin.actions_on_bottom, model_admin


JS_INLINE = re.compile(r"""\beval\(|new Function\(|setAttribute\(\s*["'](style|on[a-z]+)["']""")


def test_our_scripts_add_no_inline_script_or_style():
    """What our JavaScript puts into the page is held to the same rule."""
    scripts = [p for p in BASE_DIR.glob("*/static/**/*.js") if "vendor" not in p.parts]
    scripts += [p for p in (BASE_DIR / "static").rglob("*.js") if "vendor" not in p.parts]
    found = []
    for path in scripts:
        text = path.read_text()
        for pattern in (EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, INLINE_SCRIPT, JS_INLINE):
            found += [f"{path.relative_to(BASE_DIR)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert len(scripts) >= 4
    assert not found, found


def test_the_scan_would_find_them():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert EVENT_HANDLER.search('<button type="button"\n onclick="x()">')
    assert not EVENT_HANDLER.search('<a href="/" data-one="x">')
    assert STYLE_ATTRIBUTE.search('<div class="a" style="color: red">')
    assert JS_INLINE.search('el.setAttribute("onclick", f)') and JS_INLINE.search("eval(x)")


# --- In a real browser: no CSP violation --------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_with_scripts_raise_no_csp_violation_in_chromium(page, komplett, gunilla_admin):
    """The application form runs the most of our JavaScript (rows, sums,
    htmx); the admin's user page the most of Django's (the selectors)."""
    from tests.factories import PASSWORD as PERSONA_PASSWORD

    violations = []
    page.pw.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.login("anna", PERSONA_PASSWORD)
    page.goto(reverse("ansokningar:redigera", kwargs={"pk": komplett.pk}))
    page.pw.get_by_role("button", name="Logga ut").wait_for()
    page.logout()
    page.login("gunilla", PERSONA_PASSWORD)
    page.goto(reverse("admin:samordning_user_change", args=[gunilla_admin.pk]))
    page.pw.get_by_role("button", name="Spara", exact=True).wait_for()
    assert not violations, violations


# --- Typing counts as activity ---------------------------------------------------------


def test_typing_keeps_the_session_through_the_keep_alive(client, anna_sokande):
    """Writing a long text makes no request: static/js/aktiv.js posts to
    konto/aktiv/ while the user types, and that is activity."""
    client.force_login(anna_sokande)
    page = client.get(reverse("start")).content.decode()
    assert f'data-aktiv-url="{reverse("aktiv")}"' in page and "js/aktiv.js" in page
    _age_session(client, **{LAST_SEEN: 119 * 60})
    assert client.post(reverse("aktiv")).status_code == 204
    assert int(time.time()) - client.session[LAST_SEEN] < 5
    _age_session(client, **{LAST_SEEN: 121 * 60})
    response = client.post(reverse("aktiv"))  # the script shows its warning on this
    assert response.status_code == 302 and response["Location"] == reverse("login")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_user_who_was_logged_out_is_told_while_the_text_is_still_there(page, komplett, settings):
    from django.contrib.sessions.models import Session

    from tests.factories import PASSWORD as PERSONA_PASSWORD

    settings.SESSION_KEEPALIVE_SECONDS = 0
    page.login("anna", PERSONA_PASSWORD)
    page.goto(reverse("ansokningar:redigera", kwargs={"pk": komplett.pk}))
    Session.objects.all().delete()  # the session has ended meanwhile
    page.pw.locator("#id_syfte").press_sequentially("Mer")
    warning = page.pw.locator("#utloggad[role=alert]")
    warning.wait_for()
    assert "kopiera det" in warning.inner_text()
    assert page.pw.locator("#id_syfte").input_value().startswith("MerSyftet")  # typed at the caret, kept
