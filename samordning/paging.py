"""One way to page a list: 50 rows a page under ?sida=N, with the other
query parameters (the filters) kept for the links of templates/_pagination.html."""

from django.core.paginator import Paginator

PER_PAGE = 50


def page_context(request, queryset, per_page=PER_PAGE):
    """{"page": the requested page, "query": the query string without sida}."""
    query = request.GET.copy()
    query.pop("sida", None)
    return {
        "page": Paginator(queryset, per_page).get_page(request.GET.get("sida")),
        "query": query.urlencode(),
    }
