from django.urls import path

from maillage.registers import views

app_name = "registers"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/<int:pk>/", views.preview, name="preview"),
    path("import/<int:pk>/importer/", views.confirm, name="confirm"),
    path("import/<int:pk>/erreurs.csv", views.error_report, name="error_report"),
    path("modele/<str:kind>.<str:ext>", views.template, name="template"),
    path("sorties/", views.departures, name="departures"),
    path("sorties/<str:kind>/<int:pk>/", views.departure_decide, name="departure_decide"),
]
