from django.urls import path

from ansokningar import views

app_name = "ansokningar"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("ny/", views.ny, name="ny"),
    path("<int:pk>/", views.detalj, name="detalj"),
    path("<int:pk>/redigera/", views.redigera, name="redigera"),
    path("<int:pk>/signera/", views.signera, name="signera"),
    path("<int:pk>/aterkalla/", views.aterkalla, name="aterkalla"),
    path("<int:pk>/komplettering/", views.komplettering, name="komplettering"),
    path("<int:pk>/beredning/", views.beredning, name="beredning"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/bilagor/", views.bilaga_ny, name="bilaga_ny"),
    path("<int:pk>/bilagor/<int:bilaga_id>/", views.bilaga, name="bilaga"),
    path("<int:pk>/bilagor/<int:bilaga_id>/ta-bort/", views.bilaga_ta_bort, name="bilaga_ta_bort"),
]
