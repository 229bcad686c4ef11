"""Keyboard use in real Chromium (issue 8): a sökande files a complete
application with the keyboard alone, adding and removing goals, budget rows
and a del, and the focus is after every step on something visible that the
sticky save bar does not cover, never on the page body. A save with an
error first puts the focus on the error summary, whose link leads to the
field; axe finds nothing serious there. The Django admin passes axe too."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_django_admin_passes_axe(page, gunilla_admin, anna_sokande):
    """The admin as the administratör uses it (templates/admin/base_site.html,
    static/css/admin.css, static/js/admin.js), in both colour themes."""
    page.login("gunilla", PASSWORD)
    pages = [
        ("light", "/admin/"),
        ("light", "/admin/ansokningar/ansokan/"),  # breadcrumbs, filters, an empty list
        ("light", f"/admin/samordning/user/{anna_sokande.pk}/change/"),  # date-time and filter widgets
        ("dark", "/admin/"),
    ]
    for scheme, path in pages:
        page.pw.emulate_media(color_scheme=scheme)
        page.goto(path)
        violations = page.axe_violations()
        assert not violations, (scheme, path, violations)


# Records, after the browser (and fokus.js) have scrolled, where every focus
# change left the focus: on the page body, invisible, or under the sticky bar.
WATCH = """() => {
  window.__fokusfel = [];
  document.addEventListener("focusin", (event) => {
    const el = event.target;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (document.activeElement !== el) return;
      const r = el.getBoundingClientRect();
      const what = el.id || el.name || el.outerHTML.slice(0, 80);
      if (r.width === 0 && r.height === 0) window.__fokusfel.push("osynligt: " + what);
      else if (r.bottom <= 0 || r.top >= window.innerHeight) {
        window.__fokusfel.push(`utanför fönstret: ${what} (${Math.round(r.top)}–${Math.round(r.bottom)} av ${window.innerHeight}, ${event.timeStamp})`);
      }
      const bar = document.querySelector(".form-actions");
      if (bar && !bar.contains(el)) {
        const b = bar.getBoundingClientRect();
        const tall = r.height > b.top;  // a region taller than the room above the bar: its start must show
        if ((tall ? r.top >= b.top : r.bottom > b.top + 1) && r.top < b.bottom) {
          window.__fokusfel.push("under spara-raden: " + what);
        }
      }
    }));
  });
}"""
ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return "body";
  return el.id || el.name || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40);
}"""


# The focused field's ring against what is around it: the nearest opaque
# background and, for boxes, the field's own border when not focused (WCAG 1.4.11).
RING = """el => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  el.blur();
  const border = rgb(getComputedStyle(el).borderTopColor);
  el.focus();
  const style = getComputedStyle(el);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return "ingen fokusram: " + style.outline;
  const ring = rgb(style.outlineColor);
  let holder = el.parentElement, bg = [255, 255, 255];
  for (; holder; holder = holder.parentElement) {
    const c = rgb(getComputedStyle(holder).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
  }
  // The ring lies outside the field (outline-offset): the pixels it colours were
  // background. A text box's or select's ring also stands out from its own border;
  // a checked checkbox's border is its blue fill, which the ring need not differ from.
  const boxed = el.matches(".form-control, .form-select");
  return Math.min(ratio(ring, bg), boxed ? ratio(ring, border) : 21);
}"""


class Keyboard:
    """The keyboard, and nothing else, on one page: Tab to a control, type,
    press keys; every focus change is checked (WATCH)."""

    def __init__(self, pw):
        self.pw = pw

    def watch(self):
        self.pw.evaluate(WATCH)

    def problems(self):
        self.pw.wait_for_timeout(50)  # the last focus change's two frames
        return self.pw.evaluate("() => window.__fokusfel || []")

    def active(self):
        return self.pw.evaluate(ACTIVE)

    def is_active(self, locator):
        return locator.evaluate("el => el === document.activeElement")

    def tab_to(self, locator, limit=400):
        """Tab (or Shift+Tab, if it lies before the focus) until `locator` has the focus."""
        locator.wait_for()
        backwards = locator.evaluate(
            """el => { const a = document.activeElement;
                       return !!(a && a !== document.body && (a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)); }"""
        )
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            if self.is_active(locator):
                return
            self.pw.keyboard.press(key)
            assert self.active() != "body", "fokus på sidans body"
        raise AssertionError(f"nådde inte {locator} med {key}; fokus: {self.active()}")

    def type_into(self, locator, text):
        self.tab_to(locator)
        self.pw.keyboard.type(text)

    def press(self, key):
        self.pw.keyboard.press(key)
        self.pw.wait_for_load_state()

    def type_date(self, locator, iso):
        """A date box, segment by segment in the order Chromium's own locale
        shows them (år-månad-dag or månad/dag/år: found out on the first box,
        whose segments are cleared with Backspace if the first guess was wrong)."""
        year, month, day = iso.split("-")
        orders = [self.date_order] if getattr(self, "date_order", None) else ["ymd", "mdy"]
        self.tab_to(locator)
        for order in orders:
            for n, part in enumerate(order):
                self.pw.keyboard.type({"y": year, "m": month, "d": day}[part])
                if part == "y" and n < 2:  # month and day move on by themselves; the year may have six digits
                    self.pw.keyboard.press("ArrowRight")
            if locator.input_value() == iso:
                self.date_order = order
                return
            for _ in range(3):
                self.pw.keyboard.press("Backspace")
                self.pw.keyboard.press("ArrowLeft")
        raise AssertionError(f"datumrutan tog inte emot {iso}: {locator.input_value()!r}")

    def submit(self):
        """Enter on a form's field or button: the next page has loaded."""
        with self.pw.expect_navigation():
            self.pw.keyboard.press("Enter")
        self.watch()

    def confirm(self):
        """Enter on an act that cannot be undone: the dialog (static/js/bekrafta.js)
        opens with the focus on Avbryt; Tab to its confirm button and Enter."""
        self.pw.locator("html[data-bekrafta=redo]").wait_for(state="attached")
        self.pw.keyboard.press("Enter")
        dialog = self.pw.locator("dialog#bekrafta")
        dialog.wait_for(state="visible")
        assert self.is_active(dialog.locator("[data-bekrafta-avbryt]")), self.active()
        self.pw.keyboard.press("Tab")
        assert self.is_active(dialog.locator("[data-bekrafta-ok]")), self.active()
        self.submit()

    def assert_clean(self):
        assert not self.problems(), self.problems()


def test_keyboard_only_filing_of_an_application(page, anna_sokande, karin_af, orgs, kategorier):
    from playwright.sync_api import expect

    from ansokningar.models import Ansokan

    pw = page.pw
    kb = Keyboard(pw)

    page.goto("/konto/logga-in/")
    kb.watch()
    kb.type_into(pw.get_by_label("Användarnamn"), "anna")
    kb.type_into(pw.get_by_label("Lösenord"), PASSWORD)
    kb.submit()

    page.goto("/ansokningar/ny/")
    kb.watch()
    kb.type_into(pw.get_by_label("Insatsens namn"), "Tangentbordsinsatsen")
    kb.submit()
    expect(pw.get_by_text("Utkastet är skapat")).to_be_visible()
    ansokan = Ansokan.objects.get(namn="Tangentbordsinsatsen")

    kb.tab_to(pw.get_by_label("Arbetsförmedlingen", exact=True))
    kb.press("Space")
    kb.type_into(pw.get_by_label("Beskriv syftet med insatsen"), "Att fler kommer närmare arbete.")

    # Goals: two added, the first removed; the focus moves to the one left.
    overgripande = pw.locator("[data-name=mal_overgripande]")
    for text in ["Ett mål som ska bort", "Fler i arbete eller studier"]:
        kb.tab_to(overgripande.get_by_role("button", name="+ Lägg till övergripande mål"))
        kb.press("Enter")
        assert kb.active() == overgripande.locator("textarea").last.get_attribute("id")
        pw.keyboard.type(text)
    kb.tab_to(overgripande.locator(".goal-item").first.get_by_role("button", name="Ta bort"))
    kb.press("Enter")
    assert kb.is_active(overgripande.locator("textarea").first)
    expect(overgripande.locator("textarea")).to_have_count(1)
    for name, label, text in [("mal_effekt", "effektmål", "70 procent närmare arbete"), ("mal_insats", "insatsmål", "15 deltagare per år")]:
        kb.tab_to(pw.locator(f"[data-name={name}]").get_by_role("button", name=f"+ Lägg till {label}"))
        kb.press("Enter")
        pw.keyboard.type(text)

    # A del added and removed again: the focus goes back to the add button.
    add_del = pw.get_by_role("button", name="+ Lägg till en del")
    kb.tab_to(add_del)
    kb.press("Enter")
    assert kb.is_active(pw.locator("[data-delar] [data-del] input").first)
    pw.keyboard.type("Förfas")
    kb.tab_to(pw.get_by_role("button", name="Ta bort delen"))
    kb.press("Enter")
    assert kb.is_active(add_del)

    kb.type_into(pw.get_by_label("Beskriv bakgrunden till/behovet av insatsen"), "Många står långt från arbete.")
    kb.type_date(pw.get_by_label("Planerat startdatum", exact=True), "2026-07-01")
    kb.type_date(pw.get_by_label("Planerat slutdatum", exact=True), "2027-06-30")
    kb.type_into(pw.get_by_label("Beskriv målgrupp för insatsen"), "Unga vuxna 18–29 år.")
    kb.type_into(pw.get_by_label("Förväntat antal deltagare per år"), "15")
    kb.type_into(pw.get_by_label("Inriktning"), "Individ")  # a select chooses by typing
    expect(pw.get_by_label("Planerat slutdatum", exact=True)).to_have_value("2027-06-30")
    kb.type_into(pw.get_by_label("Beskriv metod för uppföljning och utvärdering av målen"), "Enkät var 13:e vecka.")
    kb.type_into(pw.get_by_label("Beskriv hur ni tänker ta tillvara resultaten från insatsen"), "Spridningsseminarier.")

    # Budget: two salary lines, the second removed: the focus goes to the first.
    lon = pw.locator("table[data-section=lon]")
    add_salary = lon.get_by_role("button", name="+ Lägg till tjänst")
    for title in ["Coach", "Ska bort"]:
        kb.tab_to(add_salary)
        kb.press("Enter")
        row = lon.locator("tr.budget-row").last
        assert kb.is_active(row.get_by_label("Befattning"))
        pw.keyboard.type(title)
        kb.type_into(row.get_by_label("Tjänstgöringsgrad (%)"), "100")
        kb.type_into(row.locator("[data-belopp]").first, "681000")
    kb.tab_to(lon.locator("tr.budget-row").last.get_by_role("button", name="Ta bort raden"))
    kb.press("Enter")
    assert kb.is_active(lon.locator("tr.budget-row").first.get_by_label("Befattning"))
    expect(lon.locator("tr.budget-row")).to_have_count(1)

    # Focus rings reach 3:1 on every kind of field on the page.
    for field in ["#id_namn", "#id_syfte", "#id_kategori", "#id_startdatum", "input[name=samverkansparter]"]:
        contrast = pw.locator(field).first.evaluate(RING)
        assert not isinstance(contrast, str) and contrast >= 3, (field, contrast)

    kb.tab_to(pw.locator("input[name=diskuterad]:checked"))
    kb.press("ArrowDown")
    kb.press("ArrowDown")
    expect(pw.locator("input[name=diskuterad][value=nej]")).to_be_checked()
    kb.assert_clean()

    # Metod is missing: the focus lands on the error summary, whose link leads to the field.
    kb.tab_to(pw.get_by_role("button", name="Spara och lämna in"))
    kb.confirm()
    expect(pw.locator("#felsammanfattning")).to_be_focused()
    assert pw.title().startswith("Fel: ")
    assert not page.axe_violations(), page.axe_violations()
    kb.press("Tab")
    assert kb.is_active(pw.locator("#felsammanfattning").get_by_role("link", name="Beskriv vilka metoder ni kommer att använda."))
    kb.press("Enter")
    metod = pw.locator("#id_metod")
    expect(metod).to_be_focused()
    assert metod.get_attribute("aria-invalid") == "true"
    pw.keyboard.type("Coachning och arbetsträning.")
    kb.assert_clean()

    kb.tab_to(pw.get_by_role("button", name="Spara och lämna in"))
    kb.confirm()
    expect(pw.get_by_text("Ansökan är inlämnad.")).to_be_visible()
    ansokan.refresh_from_db()
    assert ansokan.status == Ansokan.Status.INLAMNAD and ansokan.summa_forbund == 681_000
