"""The board's services by subject; the beslutsförslag's are re-exported
here, where callers have always found them (`from beslut import services`)."""

from beslut.services.forslag import *  # noqa: F403
