from django.urls import path

from maillage.occasional import views

app_name = "occasional"
urlpatterns = [
    path("demandes/", views.request_list, name="request_list"),
    path("demandes/nouvelle/", views.request_create, name="request_create"),
    path("demandes/<int:pk>/", views.request_detail, name="request_detail"),
    path("demandes/<int:pk>/annuler/", views.request_cancel, name="request_cancel"),
    path("creche/places/", views.nursery_slots, name="nursery_slots"),
    path("assistante-maternelle/creneaux/", views.childminder_slots, name="childminder_slots"),
    path("creneaux/<int:pk>/retirer/", views.slot_withdraw, name="slot_withdraw"),
    path("propositions/", views.provider_inbox, name="provider_inbox"),
    path("propositions/journees/<int:pk>/accepter/", views.offer_accept, name="offer_accept"),
    path("propositions/<int:pk>/decliner/", views.offer_decline, name="offer_decline"),
]
