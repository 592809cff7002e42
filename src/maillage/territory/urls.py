from django.urls import path

from maillage.territory import views

app_name = "territory"
urlpatterns = [
    path("communes/recherche/", views.commune_search, name="commune_search"),
    path("communes/options/", views.commune_options, name="commune_options"),
]
