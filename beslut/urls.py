from django.urls import path

from beslut.views import anslag as anslag_views
from beslut.views import forslag as views
from beslut.views import handlingar as handlingar_views
from beslut.views import justering as justering_views
from beslut.views import protokoll as protokoll_views
from beslut.views import sammantrade as mote_views

app_name = "beslut"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("ny/", views.ny, name="ny"),
    path("beredning/<int:pk>/", views.beredning, name="beredning"),
    path("beredning/<int:pk>/forslag/", views.fran_ansokan, name="fran_ansokan"),
    path("forslag/<int:pk>/", views.detalj, name="detalj"),
    path("forslag/<int:pk>/redigera/", views.redigera, name="redigera"),
    path("forslag/<int:pk>/standardsatser/", views.standardsatser, name="standardsatser"),
    path("forslag/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("forslag/<int:pk>/faststall/", views.faststall, name="faststall"),
    path("forslag/<int:pk>/version/<int:nummer>/pdf/", views.version_pdf, name="version_pdf"),
    path("forslag/<int:pk>/jamfor/", views.jamfor, name="jamfor"),
    path("inriktning/", views.inriktningar, name="inriktningar"),
    path("inriktning/ny/", views.inriktning, name="inriktning_ny"),
    path("inriktning/<int:ar>/", views.inriktning, name="inriktning"),
    path("satser/", views.klausuler_lista, name="klausuler"),
    path("satser/ny/", views.klausul, name="klausul_ny"),
    path("satser/<int:pk>/", views.klausul, name="klausul"),
    path("satser/uppsattningar/", views.klausul_uppsattningar, name="klausul_uppsattningar"),
    path("satser/uppsattningar/ny/", views.klausul_uppsattning, name="klausul_uppsattning_ny"),
    path("satser/uppsattningar/<int:pk>/", views.klausul_uppsattning, name="klausul_uppsattning"),
    path("sammantrade/<int:pk>/kallelse.pdf", handlingar_views.kallelse_pdf_view, name="kallelse_pdf"),
    path("sammantrade/<int:pk>/handlingar.pdf", handlingar_views.motespaket_pdf, name="motespaket_pdf"),
    path("sammantrade/<int:pk>/skicka-kallelse/", handlingar_views.skicka_kallelse, name="skicka_kallelse"),
    path("sammantrade/<int:pk>/revidera-kallelse/", handlingar_views.revidera_kallelse, name="revidera_kallelse"),
    # Meetings and their föredragningslista (issue 10).
    path("sammantraden/", mote_views.lista, name="sammantraden"),
    path("sammantraden/nytt/", mote_views.ny, name="sammantrade_ny"),
    path("sammantraden/<int:pk>/", mote_views.detalj, name="sammantrade"),
    path("sammantraden/<int:pk>/redigera/", mote_views.redigera, name="sammantrade_redigera"),
    path("sammantraden/<int:pk>/kalender.ics", mote_views.kalender, name="sammantrade_ics"),
    path("sammantraden/<int:pk>/genomfort/", mote_views.genomfor, name="sammantrade_genomfor"),
    path("sammantraden/<int:pk>/stall-in/", mote_views.stall_in, name="sammantrade_stall_in"),
    path("sammantraden/<int:pk>/arenden/ny/<str:typ>/", mote_views.arende_ny, name="arende_ny"),
    path("sammantraden/<int:pk>/arenden/<int:arende_id>/flytta/", mote_views.arende_flytta, name="arende_flytta"),
    path("sammantraden/<int:pk>/arenden/<int:arende_id>/ta-bort/", mote_views.arende_ta_bort, name="arende_ta_bort"),
    path("sammantraden/<int:pk>/arenden/<int:arende_id>/forslag.pdf", mote_views.arende_pdf, name="arende_pdf"),
    path("sammantraden/<int:pk>/arenden/<int:arende_id>/handlingar/", mote_views.handling_ny, name="handling_ny"),
    path("sammantraden/<int:pk>/handlingar/<int:handling_id>/", mote_views.handling_pdf, name="handling_pdf"),
    path(
        "sammantraden/<int:pk>/handlingar/<int:handling_id>/ta-bort/",
        mote_views.handling_ta_bort,
        name="handling_ta_bort",
    ),
    path("organ/<int:pk>/", mote_views.organ, name="organ"),
    # Keeping the protokoll of a held meeting (issue 10 item 6).
    path("protokollforing/<int:pk>/", protokoll_views.protokoll_foring, name="protokoll_foring"),
    path("protokollforing/<int:pk>/paborja/", protokoll_views.paborja, name="protokoll_paborja"),
    path("protokollforing/<int:pk>/narvaro/", protokoll_views.narvaro, name="protokoll_narvaro"),
    path("protokollforing/<int:pk>/justerare/", protokoll_views.justerare, name="protokoll_justerare"),
    path("protokollforing/paragraf/<int:pk>/beslut/", protokoll_views.beslut, name="protokoll_beslut"),
    path("protokollforing/paragraf/<int:pk>/jav/", protokoll_views.jav, name="protokoll_jav"),
    path("protokollforing/paragraf/<int:pk>/omrostning/", protokoll_views.omrostning, name="protokoll_omrostning"),
    # The protokoll as PDF, its extracts, justering and anslag (issue 10 items 6–8).
    path("sammantraden/<int:pk>/protokoll.pdf", justering_views.protokoll_pdf_view, name="protokoll_pdf"),
    path("sammantraden/<int:pk>/protokollsutdrag.pdf", justering_views.protokollsutdrag_pdf, name="protokollsutdrag_pdf"),
    path("sammantraden/<int:pk>/justering/", justering_views.justering, name="justering"),
    path(
        "sammantraden/<int:pk>/paragraf/<int:nummer>/omedelbar-justering/",
        justering_views.omedelbar_justering,
        name="omedelbar_justering",
    ),
    path("sammantraden/<int:pk>/anslag/", anslag_views.anslag, name="anslag"),
]
