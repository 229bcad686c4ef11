from django.urls import path

from beslut.views import forslag as views
from beslut.views import handlingar as handlingar_views

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
]
