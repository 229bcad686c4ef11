"""The board's pages by subject: beslutsförslag, beredning, inriktning and
the clause library (forslag)."""
