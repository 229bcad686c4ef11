"""Rekvisitioner: the insatsägare claims costs, the handläggare attests,
returns or records payment (services in insatser.rekvisitioner)."""


def for_insats_page(user, insats):
    """What the insats page shows of the claims (templates/insatser/_rekvisitioner.html):
    a constant number of queries whatever the number of claims."""
    return {}
