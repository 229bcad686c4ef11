"""Who may open what, for links: a page shows a link only to those its view
lets in, through the same access helper the view uses."""

from django import template

register = template.Library()


@register.filter
def far_bereda(user):
    """{% if user|far_bereda %}: the beredning pages (beslut.views.beredning)."""
    from ansokningar.access import may_bereda

    return may_bereda(user)
