"""The edit page of an application: binds the posted form parts, saves a
draft through services.spara_ansokan, and submits when asked. On any error
the page is shown again from what the user posted, so nothing typed is lost."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ansokningar import budget as budget_module
from ansokningar import services
from ansokningar.forms import GOAL_KEYS, AnsokanForm, BudgetradForm, DelForm, goal_list, indices
from ansokningar.models import Ansokan, Budgetrad, Mal
from ansokningar.presentation import del_val, innehall, overenskommelse
from samordning.errors import posted_version

A = Budgetrad.Avsnitt
SECTION_ORDER = [A.LON, A.LOKAL, A.OVRIG, A.EGEN_LON, A.EGEN_LOKAL, A.EGEN_OVRIG, A.OVRIG_FIN]
# Where on the edit page a missing item (completeness.missing) is filled in,
# when it is not one field of AnsokanForm (those have id_<name>).
SECTION_ANCHORS = {
    "samverkansparter": "s-parter",
    "mal_overgripande": "lista-mal_overgripande",
    "mal_effekt": "lista-mal_effekt",
    "mal_insats": "lista-mal_insats",
    "delar": "s-delar",
    "budget": "s-budget",
    "diskuterad": "s-diskuterad",
}


def detail_url(request, ansokan):
    """The application's absolute address, for the e-mails services send."""
    return request.build_absolute_uri(reverse("ansokningar:detalj", args=[ansokan.pk]))


class EditPage:
    def __init__(self, request, ansokan):
        self.request = request
        self.ansokan = ansokan
        self.content = innehall(ansokan)
        self.org_ids = [p.organisation_id for p in self.content.parter]
        self.org_names = {p.organisation_id: p.organisation.namn for p in self.content.parter}
        self.errors = {}
        self.saknas = []  # [(anchor, message)] of what a submission lacked
        self.conflict = None  # why a save was refused, shown above the form
        self.version = ansokan.version
        if request.method == "POST":
            self._bind(request.POST)
        else:
            self._initial()

    # --- building the forms ---------------------------------------------------

    def _initial(self):
        a = self.ansokan
        self.form = AnsokanForm(instance=a, insatsagare=a.insatsagare)
        self.mal = {key: [m.text for m in getattr(self.content.mal, typ)] for typ, key in self._goal_attrs()}
        self.delar = [
            {
                "index": i,
                "form": DelForm(
                    prefix=f"del-{i}",
                    initial={
                        "namn": d.del_.namn,
                        "startdatum": d.del_.startdatum,
                        "slutdatum": d.del_.slutdatum,
                        "kategori": d.del_.kategori_id,
                        "malgrupp": d.del_.malgrupp,
                    },
                ),
                "effekt": [m.text for m in d.effekt],
                "insats": [m.text for m in d.insats],
            }
            for i, d in enumerate(self.content.delar)
        ]
        del_index = {d.del_.pk: i for i, d in enumerate(self.content.delar)}
        self.del_choices = self._del_choices()
        self.rader = []
        i = 0
        for key in SECTION_ORDER:
            for r in self.content.budget.avsnitt[key].rader:
                initial = {
                    "avsnitt": key,
                    "standard": r.rad.standard,
                    "benamning": r.rad.benamning,
                    "tjanst_procent": r.rad.tjanst_procent,
                    "fran": r.rad.fran,
                    "till": r.rad.till,
                    "del_av": del_index.get(r.rad.del_av_id),
                }
                for org_id, kr in zip(self.org_ids, r.belopp, strict=True):
                    initial[f"org{org_id}"] = kr or None
                extra = {}
                start, end = budget_module.period(self.ansokan, r)
                years = budget_module.ar_i_perioden(start, end)
                if key in budget_module.FORBUND and r.summa and len(years) > 1:
                    # A line of the förbund's money over more than one year: its
                    # split per year, the months' proposal unless the sökande set one.
                    extra = {"ar": years, "manader": budget_module.manader(start, end)}
                    initial.update({f"ar_{year}": r.per_ar.get(year, 0) for year in years})
                    initial["ar_forslag"] = BudgetradForm.forslag_text(budget_module.split_by_year(r.summa, start, end))
                self.rader.append(self._rad_form(prefix=f"rad-{i}", initial=initial, **extra))
                i += 1

    @staticmethod
    def _goal_attrs():
        return [("overgripande", "mal_overgripande"), ("effekt", "mal_effekt"), ("insats", "mal_insats")]

    def _bind(self, post):
        a = self.ansokan
        self.version = posted_version(post)
        self.form = AnsokanForm(post, instance=a, insatsagare=a.insatsagare)
        labels = dict(Mal.Typ.choices)
        self.mal = {
            key: goal_list(post.getlist(key), labels[typ].lower(), self.errors, key) for typ, key in GOAL_KEYS.items()
        }
        self.delar = []
        for i in indices(post, "del"):
            # A del's goal list has its messages by its own name, shown at the list.
            effekt, insats = f"del-{i}-mal_effekt", f"del-{i}-mal_insats"
            self.delar.append(
                {
                    "index": i,
                    "form": DelForm(post, prefix=f"del-{i}"),
                    "effekt": goal_list(post.getlist(effekt), _("effektmål"), self.errors, effekt),
                    "insats": goal_list(post.getlist(insats), _("insatsmål"), self.errors, insats),
                    "effekt_fel": self.errors.get(effekt),
                    "insats_fel": self.errors.get(insats),
                }
            )
        self.del_choices = self._del_choices()
        self.rader = [self._rad_form(post, prefix=f"rad-{i}") for i in indices(post, "rad")]

    def _del_choices(self):
        """[(index, name)] of the delar on the page, for the budget lines'
        select: each del once, "Del 1 – Struktur" (presentation.del_val)."""
        return [(d["index"], del_val(n, d["form"]["namn"].value() or "")) for n, d in enumerate(self.delar, start=1)]

    def _rad_form(self, *args, **kwargs):
        return BudgetradForm(
            *args, org_ids=self.org_ids, org_names=self.org_names, delar=self.del_choices, **kwargs
        )

    def _valid(self):
        parts = [self.form] + [d["form"] for d in self.delar] + self.rader
        valid = [f.is_valid() for f in parts]  # every part (no short-circuit): all errors at once
        if valid[0]:
            self._check_periods()
        self._check_per_ar()
        return all(f.is_valid() for f in parts) and not self.errors

    def _check_per_ar(self):
        """Each line of the förbund's money: its own split per year fits
        its period (its dates, else its del's, else the application's, as
        budget.period) and adds up to the line."""
        app = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        delar = {d["index"]: d["form"] for d in self.delar}
        for rad in self.rader:
            if not rad.is_valid() or rad.cleaned_data.get("avsnitt") not in budget_module.FORBUND:
                continue
            data = rad.cleaned_data
            del_form = delar.get(data.get("del_av"))
            del_data = del_form.cleaned_data if del_form is not None and del_form.is_valid() else {}
            start = data.get("fran") or del_data.get("startdatum") or app.get("startdatum")
            end = data.get("till") or del_data.get("slutdatum") or app.get("slutdatum")
            rad.check_per_ar(start, end)

    def _check_periods(self):
        """Delar and salary lines lie within the application's period, and
        a line of a del within the del's."""
        start, end = self.form.cleaned_data.get("startdatum"), self.form.cleaned_data.get("slutdatum")
        if start or end:
            for form in [d["form"] for d in self.delar] + self.rader:
                if form.is_valid():
                    form.check_within(start, end)
        delar = {d["index"]: d["form"] for d in self.delar}
        for rad in self.rader:
            del_form = delar.get(rad.cleaned_data.get("del_av")) if rad.is_valid() else None
            if del_form is not None and del_form.is_valid():
                d = del_form.cleaned_data
                rad.check_within(d.get("startdatum"), d.get("slutdatum"), messages="rad_i_del")

    # --- saving ---------------------------------------------------------------

    def save(self):
        """Returns a redirect on success, None to show the page again."""
        if not self._valid():
            messages.error(self.request, _("Ansökan är inte sparad. Rätta det som är markerat nedan."))
            return None
        data = self.form.cleaned_data
        relations = ("prioriterade_malgrupper", "kategori", "lokusgrupp")
        falt = {name: data[name] for name in self.form.Meta.fields if name not in relations}
        for name in ("kategori", "lokusgrupp"):
            falt[f"{name}_id"] = data[name].pk if data[name] else None
        position = {d["index"]: n for n, d in enumerate(self.delar)}  # page index -> place in `delar`
        try:
            services.spara_ansokan(
                ansokan=self.ansokan,
                by=self.request.user,
                version=self.version,
                falt=falt,
                samverkansparter=list(data["samverkansparter"]),
                prioriterade=list(data["prioriterade_malgrupper"]),
                mal={typ: self.mal[key] for typ, key in GOAL_KEYS.items()},
                delar=[
                    {**d["form"].cleaned_data, Mal.Typ.EFFEKT: d["effekt"], Mal.Typ.INSATS: d["insats"]}
                    for d in self.delar
                ],
                rader=[
                    {
                        **r.cleaned_data,
                        "benamning": r.cleaned_data.get("benamning") or "",
                        "del": position.get(r.cleaned_data.get("del_av")),
                    }
                    for r in self.rader
                    if not r.is_empty()
                ],
            )
        except services.ConflictError as exc:
            self.conflict = str(exc)  # shown once, above the form, with a link to the latest version
            return None
        except services.WorkflowError as exc:
            self.conflict = f"{exc} {_('Det du skrev är inte sparat men står kvar nedan.')}"
            return None
        self.version = self.ansokan.version = self.version + 1

        if self.request.POST.get("action") != "lamna_in":
            if self.ansokan.status == Ansokan.Status.UTKAST:
                messages.success(self.request, _("Utkastet är sparat."))
            else:  # being completed after a request for komplettering
                messages.success(self.request, _("Ansökan är sparad. Lämna in den när kompletteringen är klar."))
            return redirect("ansokningar:redigera", pk=self.ansokan.pk)
        try:
            services.lamna_in(ansokan=self.ansokan, by=self.request.user, lank=detail_url(self.request, self.ansokan))
        except services.IncompleteError as exc:
            self._show_incomplete(exc.errors)
            messages.error(
                self.request,
                ngettext(
                    "Ansökan är sparad men inte inlämnad: %(antal)d uppgift saknas. Den är listad och markerad nedan.",
                    "Ansökan är sparad men inte inlämnad: %(antal)d uppgifter saknas. De är listade och markerade nedan.",
                    len(exc.errors),
                )
                % {"antal": len(exc.errors)},
            )
            return None
        except services.WorkflowError as exc:
            messages.error(self.request, str(exc))
            return None
        if self.request.user.email:
            messages.success(self.request, _("Ansökan är inlämnad. Ett kvitto har skickats med e-post."))
        else:
            messages.success(self.request, _("Ansökan är inlämnad."))
        return redirect("ansokningar:detalj", pk=self.ansokan.pk)

    def _show_incomplete(self, errors):
        """Each message at its field, and all of them in a list at the top
        with links to the fields (the page is long)."""
        for field, message in errors:
            if field in self.form.fields:
                self.form.add_error(field, message)
            else:
                self.errors.setdefault(field, []).append(message)
            self.saknas.append((self._anchor(field), message))

    def _anchor(self, field):
        """The id on the page a missing item's link leads to."""
        if field in SECTION_ANCHORS:
            return SECTION_ANCHORS[field]
        if field in self.form.fields:
            return f"id_{field}"
        return "ansokan-form"

    # --- rendering --------------------------------------------------------------

    def _share_category_choices(self):
        """One query for the inriktning choices of every del on the page."""
        from ansokningar.models import Insatskategori

        choices = [("", _("Välj inriktning")), *((k.pk, k.namn) for k in Insatskategori.objects.all())]
        for form in [d["form"] for d in self.delar] + [self._del_template]:
            form.fields["kategori"].choices = choices

    def context(self):
        self._del_template = DelForm(prefix="del-__i__")
        self._share_category_choices()
        sections = []
        by_section = {key: [] for key in SECTION_ORDER}
        for r in self.rader:
            key = r["avsnitt"].value() or A.OVRIG
            by_section.setdefault(key, []).append(r)
        for key in SECTION_ORDER:
            sections.append(
                {
                    "key": key,
                    "rubrik": budget_module.RUBRIK[key],
                    "summa_label": budget_module.SUMMA_LABEL[key],
                    "salary": key in budget_module.SALARY,
                    "rows": by_section[key],
                    "egen": key.startswith("egen") or key == A.OVRIG_FIN,
                    "template": self._rad_form(prefix="rad-__i__", initial={"avsnitt": key}),
                }
            )
        next_index = max([int(r.prefix.split("-")[1]) for r in self.rader] + [-1]) + 1
        return {
            "a": self.ansokan,
            "c": self.content,
            "form": self.form,
            "version": self.version,
            "mal": self.mal,
            "delar": self.delar,
            "del_next": max([d["index"] for d in self.delar] + [-1]) + 1,
            "del_template": self._del_template,
            "sections": sections,
            "next_index": next_index,
            "parter": self.content.parter,
            "errors": self.errors,
            "saknas": self.saknas,
            "conflict": self.conflict,
            "overenskommelse": overenskommelse(self.ansokan.overenskommelse),
        }
