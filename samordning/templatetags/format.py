"""Template filters for amounts and dates; loaded as builtins in settings."""

from django import template

from samordning import formatting

register = template.Library()

register.filter("belopp", formatting.belopp)
register.filter("kr", formatting.kr)
register.filter("procent", formatting.procent)
register.filter("datum", formatting.datum)
register.filter("datum_lang", formatting.datum_lang)
register.filter("klockslag", formatting.klockslag)
register.filter("tidpunkt", formatting.tidpunkt)
register.filter("paragraf", formatting.paragraf)


@register.filter
def stycken(value, heading="h3"):
    """Plain user text as escaped paragraphs, headings and lists."""
    from samordning.text import to_html

    return to_html(value, heading)


@register.filter
def del_rubrik(namn, nummer):
    """{{ del.namn|del_rubrik:forloop.counter }}: ansokningar.presentation.del_rubrik."""
    from ansokningar.presentation import del_rubrik

    return del_rubrik(nummer, namn)
