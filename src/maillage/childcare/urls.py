from django.urls import path

from maillage.childcare import views

app_name = "childcare"
urlpatterns = [
    path("mon-profil/", views.childminder_profile, name="childminder_profile"),
    path("mes-disponibilites/", views.availability, name="availability"),
    path("demandes/", views.inbox, name="inbox"),
    path("demandes/<int:pk>/", views.inbox_action, name="inbox_action"),
    path("creches/", views.nursery_list, name="nursery_list"),
    path("creches/<int:pk>/places/", views.nursery_places, name="nursery_places"),
    path("commission/", views.commission, name="commission"),
]
