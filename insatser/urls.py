from django.urls import path

from insatser import views

app_name = "insatser"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("ny/", views.ny, name="ny"),
    path("<int:pk>/", views.detalj, name="detalj"),
    path("<int:pk>/redigera/", views.redigera, name="redigera"),
]
