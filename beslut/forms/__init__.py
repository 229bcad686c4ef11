"""The board's forms by subject; the beslutsförslag's, beredning's,
inriktning's and clause library's are re-exported here."""

from beslut.forms.forslag import *  # noqa: F403
