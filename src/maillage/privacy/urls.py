from django.urls import path

from maillage.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("telecharger/", views.my_data_download, name="my_data_download"),
    path("supprimer-mon-compte/", views.account_delete_view, name="account_delete"),
    path("compte-supprime/", views.account_deleted, name="account_deleted"),
]
