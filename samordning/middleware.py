"""Middleware: the Swedish 404 under DEBUG, security headers on every
response, sessions that end (idle and absolute limits), and the client
address the login lockout counts."""

import ipaddress
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.defaults import page_not_found


class SwedishNotFoundMiddleware:
    """The Swedish 404 page also under DEBUG.

    With DEBUG on (`make run`, the demo) Django answers a 404 with its English
    technical page, which lists every URL pattern. That is what a user trying
    another organisation's application would see, so both ways a 404 arises,
    a view's Http404 and a path no pattern matches, get the page production
    shows. Other errors keep Django's debug pages for developers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Also the Swedish 400 page: for a NUL in the query (the database's
        # 500 otherwise) and, under DEBUG, a post too large to read.
        from samordning.views import bad_request, refused_input

        refused = refused_input(request)
        if refused is not None:
            return bad_request(request, refused)
        response = self.get_response(request)
        unresolved = getattr(request, "resolver_match", None) is None
        if settings.DEBUG and response.status_code == 404 and unresolved:
            return page_not_found(request, Http404())
        if response.status_code == 405 and not response.streaming and not response.content:
            # require_POST's answer is an empty page: a link to an action
            # (signera, lämna in) opened in a new tab showed a blank screen.
            page = render(request, "405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


# --- Security headers -----------------------------------------------------------


class SecurityHeadersMiddleware:
    """The headers every page of a public authority's system needs, set in
    one place so every new view has them:

    - Content-Security-Policy on HTML: scripts and styles only from our own
      static files, nothing inline (settings.CONTENT_SECURITY_POLICY).
      Django's debug page (DEBUG, status 500) is all inline and is left alone.
    - Permissions-Policy: no camera, microphone, position and the like.
    - Cache-Control: no-store on every response Django renders (pages, PDFs,
      attachments, redirects): a shared or back-button cache must not keep a
      case. Static files never reach this middleware (WhiteNoise answers
      first); a view may declare its response `public` (the förbund's logo).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = "; ".join(f"{k} {v}" for k, v in settings.CONTENT_SECURITY_POLICY.items())
        self.permissions = ", ".join(f"{k}={v}" for k, v in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        debug_page = settings.DEBUG and response.status_code == 500
        if is_html and not debug_page:
            response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault("Permissions-Policy", self.permissions)
        if "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, no_store=True, private=True)
        return response


# --- Sessions that end -------------------------------------------------------------

LAST_SEEN = "samordning_senast_aktiv"  # epoch seconds, to the minute
LOGGED_IN_AT = "samordning_inloggad"  # epoch seconds

# The two limits, the idle one first: (session key of the time counted from,
# setting, seconds in its unit, why the user was logged out).
LIMITS = (
    (
        LAST_SEEN,
        "SESSION_IDLE_MINUTES",
        60,
        ngettext_lazy(
            "Du har loggats ut eftersom du inte har använt tjänsten på %(n)d minut.",
            "Du har loggats ut eftersom du inte har använt tjänsten på %(n)d minuter.",
            "n",
        ),
    ),
    (
        LOGGED_IN_AT,
        "SESSION_MAX_HOURS",
        3600,
        ngettext_lazy(
            "Du har loggats ut eftersom du har varit inloggad i mer än %(n)d timme.",
            "Du har loggats ut eftersom du har varit inloggad i mer än %(n)d timmar.",
            "n",
        ),
    ),
)


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    # At login, so that the first request after it need not write the session.
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGGED_IN_AT] = now
        request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """Logs a user out after settings.SESSION_IDLE_MINUTES without a request
    and SESSION_MAX_HOURS after login, whichever comes first, and sends them
    to the login page with a message saying why.

    The last-seen time is written at most once a minute, so an ordinary
    request does not save the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                return self._log_out(request, expired)
        return self.get_response(request)

    def _expired(self, request):
        """Why the session has ended, or None (and the last-seen time noted)."""
        now = int(time.time())
        session = request.session
        # A session from before the limits existed starts its clock now.
        session.setdefault(LOGGED_IN_AT, now)
        for since, setting, unit, message in LIMITS:
            limit = getattr(settings, setting)
            if now - session.get(since, now) > limit * unit:
                return message % {"n": limit}
        if now - session.get(LAST_SEEN, 0) >= 60:
            session[LAST_SEEN] = now
        return None

    def _log_out(self, request, message):
        logout(request)
        messages.info(request, f"{message} {_('Logga in igen för att fortsätta.')}")
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            # htmx would put the login page inside the part it was updating;
            # and after the login the user wants the page they were on, not
            # the part's address (only its path: the host is ours anyway).
            page = urlsplit(request.headers.get("HX-Current-URL", ""))
            if page.path.startswith("/") and not page.path.startswith("//"):
                back = page.path + (f"?{page.query}" if page.query else "")
                login_url = f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: back})}"
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        if request.method == "GET":
            login_url = f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        return HttpResponseRedirect(login_url)


# --- Client address for the login lockout ------------------------------------------


def client_ip(request):
    """The address a login attempt came from (AXES_CLIENT_IP_CALLABLE).

    Without a proxy it is REMOTE_ADDR. Behind settings.TRUSTED_PROXY_COUNT
    proxies it is the address the outermost of them saw: the n-th from the
    right of X-Forwarded-For. Addresses further left were sent by the client
    and could be anything."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            address = _address(forwarded[-count])
            if address is not None:
                return address
    return request.META.get("REMOTE_ADDR")


def _address(text):
    """`text` as an IP address, a proxy's port ("1.2.3.4:5678",
    "[2001:db8::1]:443") left off; None for anything else ("unknown", or
    what a request that went around the proxy put there). Axes stores it
    in an inet column: a garbled one made the login a 500."""
    candidates = [text]
    if text.startswith("[") and "]" in text:
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:
        candidates.append(text.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
