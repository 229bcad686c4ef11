"""Rapporter and avvikelser: what an insats owes and reports, and the
handläggare's handling of them (services in insatser.rapporter)."""


def for_insats_page(user, insats):
    """What the insats page shows of the reports (templates/insatser/_rapporter.html):
    a constant number of queries whatever the number of reports."""
    return {}
