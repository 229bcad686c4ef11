from django.urls import path

from insatser.views import avvikelser as avvikelse_views
from insatser.views import ekonomi as ekonomi_views
from insatser.views import export as export_views
from insatser.views import insats as insats_views
from insatser.views import rapporter as rapport_views
from insatser.views import rekvisitioner as rekvisition_views

app_name = "insatser"

urlpatterns = [
    path("", insats_views.lista, name="lista"),
    path("ny/", insats_views.ny, name="ny"),
    path("<int:pk>/", insats_views.detalj, name="detalj"),
    path("<int:pk>/redigera/", insats_views.redigera, name="redigera"),
    path("<int:pk>/avsluta/", insats_views.avsluta, name="avsluta"),
    path("<int:pk>/beslut/<int:beviljande_id>/", insats_views.beslutsdokument, name="beslutsdokument"),
    path("<int:pk>/avvikelser/ny/", avvikelse_views.ny, name="avvikelse_ny"),
    path("<int:pk>/avvikelser/<int:avvikelse_id>/", avvikelse_views.detalj, name="avvikelse"),
    path(
        "<int:pk>/avvikelser/<int:avvikelse_id>/beslutsforslag/",
        avvikelse_views.beslutsforslag,
        name="avvikelse_forslag",
    ),
    path("ekonomi/", ekonomi_views.ekonomi_sida, name="ekonomi"),
    path("ekonomi/<int:ar>/arsbudget/", ekonomi_views.arsbudget_sida, name="arsbudget"),
    path("uppfoljning-finsam/", export_views.uppfoljning, name="export"),
    path("rekvisitioner/", rekvisition_views.lista, name="rekvisitioner"),
    path("<int:pk>/rekvisitioner/ny/", rekvisition_views.ny, name="rekvisition_ny"),
    path("rekvisitioner/<int:pk>/", rekvisition_views.detalj, name="rekvisition"),
    path("rekvisitioner/<int:pk>/pdf/", rekvisition_views.pdf, name="rekvisition_pdf"),
    path("rekvisitioner/<int:pk>/bilaga/", rekvisition_views.bilaga, name="rekvisition_bilaga"),
    path(
        "rekvisitioner/<int:pk>/attestera/",
        rekvisition_views.attestera,
        name="rekvisition_attestera",
    ),
    path(
        "rekvisitioner/<int:pk>/returnera/",
        rekvisition_views.returnera,
        name="rekvisition_returnera",
    ),
    path("rekvisitioner/<int:pk>/betald/", rekvisition_views.betald, name="rekvisition_betald"),
    path("<int:pk>/rapportplan/", rapport_views.rapportplan, name="rapportplan"),
    path("rapporter/", rapport_views.forfallna, name="rapporter_forfallna"),
    path("rapporter/<int:pk>/", rapport_views.rapport, name="rapport"),
    path("rapporter/<int:pk>/godkann/", rapport_views.godkann, name="rapport_godkann"),
    path("rapporter/<int:pk>/komplettering/", rapport_views.komplettering, name="rapport_komplettering"),
]
