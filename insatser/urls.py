from django.urls import path

from insatser.views import ekonomi as ekonomi_views
from insatser.views import export as export_views
from insatser.views import insats as insats_views

app_name = "insatser"

urlpatterns = [
    path("", insats_views.lista, name="lista"),
    path("ny/", insats_views.ny, name="ny"),
    path("<int:pk>/", insats_views.detalj, name="detalj"),
    path("<int:pk>/redigera/", insats_views.redigera, name="redigera"),
    path("ekonomi/", ekonomi_views.ekonomi_sida, name="ekonomi"),
    path("ekonomi/<int:ar>/arsbudget/", ekonomi_views.arsbudget_sida, name="arsbudget"),
    path("uppfoljning-finsam/", export_views.uppfoljning, name="export"),
]
