from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connection
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from samordning import audit, start_pages
from samordning.access import require_roles
from samordning.models import (
    Forbund,
    Lokusgrupp,
    LokusgruppRepresentant,
    Organisation,
    Roll,
    User,
)


def start(request):
    """The start page: each role sees what it works with."""
    template, context = start_pages.for_user(request.user)
    return render(request, template, context)


@require_roles(Roll.ADMINISTRATOR, Roll.FORBUNDSCHEF)
def administration(request):
    representanter = LokusgruppRepresentant.objects.select_related(
        "anvandare", "organisation"
    ).order_by("organisation__namn")
    context = {
        "organisationer": Organisation.objects.order_by("-medlem", "typ", "namn"),
        "lokusgrupper": Lokusgrupp.objects.select_related("kommun").prefetch_related(
            "organisationer",
            Prefetch("representanter", queryset=representanter),
        ),
        "roller": [
            (Roll(rad["roll"]).label, rad["antal"])
            for rad in User.objects.filter(is_active=True)
            .values("roll")
            .annotate(antal=Count("id"))
            .order_by("roll")
        ],
        # Drafts are their organisation's own: not even their titles show here.
        "handelser": audit.visible_to(request.user).select_related("anvandare")[:20],
    }
    return render(request, "samordning/administration.html", context)


@login_not_required
@never_cache
def halsa(request):
    """Health check for a load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class LogoutView(auth_views.LogoutView):
    """Logging out changes state, so it takes a POST (Django 5); a GET, from
    an old bookmark say, gets a page with the button instead of a bare 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")


@login_not_required
def logotyp(request):
    """The förbund's logo for the page header. Served by a view because
    MEDIA_ROOT is not public (it holds attachments). Public itself: the
    login page shows it, and it is on every document the förbund sends."""
    forbund = Forbund.get()
    if not forbund.logotyp:
        raise Http404
    try:
        handle = forbund.logotyp.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
def csrf_failure(request, reason=""):
    """Django's CSRF failure, as a Swedish page in the layout (the login form
    in two tabs is the usual cause)."""
    return render(request, "403_csrf.html", status=403)


class NulInAddress(BadRequest):
    """A NUL character in the address's query. PostgreSQL cannot store or
    compare one, so the admin's list filters answered it with a 500;
    samordning.middleware refuses it before any view sees it."""


class DateOutOfRange(BadRequest):
    """A date part in the query (the admin's date hierarchy: tidpunkt__year
    and so on) that is no calendar date. Django's admin guards only some of
    them: year 9999 (it builds the next year, 10000) and a 20-digit year
    (OverflowError) were 500s on every list with a date hierarchy, axes's
    pages included."""


# The date hierarchy's parameters and the values a date can have; a year
# below 9999 so that "the next year" still exists.
DATE_PARTS = {"__year": range(1, 9999), "__month": range(1, 13), "__day": range(1, 32)}


def _date_part_refused(key, values):
    for suffix, allowed in DATE_PARTS.items():
        if key.endswith(suffix):
            return any(not (v.isascii() and v.isdigit() and len(v) <= 4 and int(v) in allowed) for v in values)
    return False


def refused_input(request):
    """Why the request's input is refused before any view sees it, or None:
    a NUL or an impossible date part in the query (any time), or, under DEBUG only, a post Django cannot
    read (with DEBUG off Django itself calls handler400 for that, with DEBUG
    on it showed its English technical page). For samordning.middleware."""
    if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
        return NulInAddress()
    if any(_date_part_refused(key, values) for key, values in request.GET.lists()):
        return DateOutOfRange()
    if settings.DEBUG and request.method == "POST":
        try:
            request.POST  # noqa: B018 - reading it is the check
        except (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig) as exc:
            return exc
    return None


@login_not_required
@requires_csrf_token
def bad_request(request, exception=None):
    """Django's 400 page, saying why when Django refused the post itself:
    more inputs than DATA_UPLOAD_MAX_NUMBER_FIELDS (an application with
    hundreds of budget rows) or more than DATA_UPLOAD_MAX_MEMORY_SIZE. The
    post could not be read, so what was typed cannot be shown again: the
    page says so, and that the browser's back button usually still has it."""
    orsak = ""
    if isinstance(exception, TooManyFieldsSent):
        orsak = "for_manga_falt"
    elif isinstance(exception, RequestDataTooBig):
        orsak = "for_stor"
    elif isinstance(exception, NulInAddress):
        orsak = "nolltecken"
    elif isinstance(exception, DateOutOfRange):
        orsak = "datum"
    return render(request, "400.html", {"orsak": orsak}, status=400)
