"""User text as paragraphs, lists and headings (samordning.text): headings
only where a line starts with "# ", everything escaped."""

from samordning.text import rubrik, stycken, to_html


def test_paragraphs_headings_and_lists_are_escaped():
    html = to_html("# Ansökan\n\nFörsta stycket.\nRad två.\n\n- ett\n\n• <b>två</b>\n\n<script>x</script>.", "h3")
    assert html == (
        "<h3>Ansökan</h3>\n<p>Första stycket.<br>Rad två.</p>\n"
        "<ul><li>ett</li><li>&lt;b&gt;två&lt;/b&gt;</li></ul>\n<p>&lt;script&gt;x&lt;/script&gt;.</p>"
    )


def test_a_short_line_is_not_a_heading():
    """A target group written on a line of its own stays text."""
    assert to_html("Unga vuxna", "h3") == "<p>Unga vuxna</p>"
    assert to_html("Målgrupp\n\nUnga vuxna\n\nPersoner med långvarigt bidragsberoende", "h3") == (
        "<p>Målgrupp</p>\n<p>Unga vuxna</p>\n<p>Personer med långvarigt bidragsberoende</p>"
    )


def test_a_heading_line_ends_the_paragraph_before_it():
    blocks = stycken("Text före\n# Rubrik\nText efter", headings=True)
    assert [(b.typ, b.rader) for b in blocks] == [("p", ["Text före"]), ("h", ["Rubrik"]), ("p", ["Text efter"])]
    assert to_html(rubrik("<b>Ansökan</b>"), "h3") == "<h3>&lt;b&gt;Ansökan&lt;/b&gt;</h3>"


def test_no_headings_unless_asked():
    assert to_html("Minst 15 per år") == "<p>Minst 15 per år</p>"
    assert to_html("# Ansökan") == "<p># Ansökan</p>"  # the application's pages show what was typed
    assert to_html("#hashtag", "h3") == "<p>#hashtag</p>"  # a heading needs the space


def test_old_implicit_headings_are_marked_by_the_migration():
    from importlib import import_module

    mark = import_module("beslut.migrations.0006_rubriker_och_bibliotekslankar").mark_headings
    text = "Ansökan\n\nLång text.\n\nSökt belopp per budgetår:\n\n- 2023: 1 kr\n\nSyfte\n\n15 deltagare\nper år"
    assert mark(text) == (
        "# Ansökan\n\nLång text.\n\nSökt belopp per budgetår:\n\n- 2023: 1 kr\n\n# Syfte\n\n15 deltagare\nper år"
    )
    assert mark("") == ""


def test_a_number_keeps_its_unit_on_the_line():
    (block,) = stycken("En tjänst på 100 % och 450 kr, 12 tkr; 5 kronor och 3 krabbor.")
    assert block.rader == ["En tjänst på 100\u00a0% och 450\u00a0kr, 12\u00a0tkr; 5 kronor och 3 krabbor."]
