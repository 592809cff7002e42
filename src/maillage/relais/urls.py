from django.urls import path

from maillage.relais import views

app_name = "relais"
urlpatterns = [
    path("", views.directory, name="directory"),
]
