"""Objects the permission matrix's URLs point at, owned by Älvkarleby kommun
(anna_sokande's organisation), so erik_utomstaende must get 404."""


def build(personas):
    return {}
