from samordning.text import to_html


def test_paragraphs_headings_and_lists_are_escaped():
    html = to_html("Ansökan\n\nFörsta stycket.\nRad två.\n\n- ett\n\n• <b>två</b>\n\n<script>x</script>.", "h3")
    assert html == (
        "<h3>Ansökan</h3>\n<p>Första stycket.<br>Rad två.</p>\n"
        "<ul><li>ett</li><li>&lt;b&gt;två&lt;/b&gt;</li></ul>\n<p>&lt;script&gt;x&lt;/script&gt;.</p>"
    )


def test_no_headings_unless_asked():
    assert to_html("Minst 15 per år") == "<p>Minst 15 per år</p>"
