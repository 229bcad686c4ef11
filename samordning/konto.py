"""Account views that differ from Django's own.

Password reset sends a link that logs the holder in. With DEBUG off and no
mail server configured the console backend would write that link to the
server's log, where anyone reading logs could use it; so then the page says
that reset is unavailable and whom to ask, and nothing is sent."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

# Backends that keep mail on the machine (a log, a file) or drop it.
LOCAL_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "samordning.epost.EjKonfigurerad",
}


def password_reset_available():
    """In development the console is the point; in production mail must leave."""
    return settings.DEBUG or settings.EMAIL_BACKEND not in LOCAL_MAIL_BACKENDS


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    def dispatch(self, request, *args, **kwargs):
        if not password_reset_available():
            return render(request, self.template_name, {"unavailable": True})
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """"Check your e-mail" would be untrue when nothing can be sent (the
    address typed in by hand): then the page that says reset is unavailable."""

    def dispatch(self, request, *args, **kwargs):
        if not password_reset_available():
            return redirect("password_reset")
        return super().dispatch(request, *args, **kwargs)


@require_POST
def aktiv(request):
    """The session's idle limit counts requests, and someone writing a long
    beredning or ansökan in the browser makes none for an hour: their save
    met the login page and what they wrote was gone. static/js/aktiv.js
    posts here, at most every few minutes, while the user types or clicks,
    so the limit measures time away from the keyboard. The middleware has
    noted the request (or, if the session had already ended, answered with
    the login redirect, which the script turns into a warning)."""
    return HttpResponse(status=204)


def lockout_response(request, original_response=None, credentials=None):
    """The page for a login that axes refused (AXES_LOCKOUT_CALLABLE): in
    Swedish, with status 429, for the app's login and the admin's alike."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
        "minutes": minutes,
    }
    return render(request, "registration/sparrad.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class Inloggningsgranser(AxesDatabaseHandler):
    """Axes with one limit per username and a higher one per address
    (AXES_HANDLER). A förbund's users sit in kommuner and agencies whose
    whole office reaches us from one NAT address: with axes's single limit
    five colleagues' typos locked them all out for a quarter of an hour.
    Guessing one account's password stays limited by the username's count;
    the address's count (LOGIN_FAILURE_LIMIT_PER_ADDRESS) stops spraying
    one password over many accounts. Axes compares one number with
    AXES_FAILURE_LIMIT, so the address's count is scaled to it."""

    def get_failures(self, request, credentials=None):
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))

        def failures(**lookup):
            return recent.filter(**lookup).aggregate(n=Sum("failures_since_start"))["n"] or 0

        username = get_client_username(request, credentials)
        per_username = failures(username=username) if username else 0
        per_address = failures(ip_address=request.axes_ip_address)
        # Rounded down: it reaches AXES_FAILURE_LIMIT exactly when the
        # address reaches its own limit.
        scaled = per_address * settings.AXES_FAILURE_LIMIT // settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        return max(per_username, scaled)
