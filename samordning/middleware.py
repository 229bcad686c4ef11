"""The Swedish 404 page also under DEBUG.

With DEBUG on (`make run`, the demo) Django answers a 404 with its English
technical page, which lists every URL pattern. That is what a user trying
another organisation's application would see, so both ways a 404 arises,
a view's Http404 and a path no pattern matches, get the page production
shows. Other errors keep Django's debug pages for developers."""

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class SwedishNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unresolved = getattr(request, "resolver_match", None) is None
        if settings.DEBUG and response.status_code == 404 and unresolved:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
