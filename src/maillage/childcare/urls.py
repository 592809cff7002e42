from django.urls import path

from maillage.childcare import views
from maillage.childcare.views.public_page import childminder_public_page, nursery_public_page
from maillage.childcare.views.rates import childminder_rates

app_name = "childcare"
urlpatterns = [
    path("mon-profil/", views.childminder_profile, name="childminder_profile"),
    path("mes-disponibilites/", views.availability, name="availability"),
    path("mes-tarifs/", childminder_rates, name="childminder_rates"),
    path("ma-page-publique/", childminder_public_page, name="childminder_public_page"),
    path("creches/<int:pk>/page-publique/", nursery_public_page, name="nursery_public_page"),
    path("demandes/", views.inbox, name="inbox"),
    path("demandes/<int:pk>/", views.inbox_action, name="inbox_action"),
    path("creches/", views.nursery_list, name="nursery_list"),
    path("creches/<int:pk>/places/", views.nursery_places, name="nursery_places"),
    path("commission/", views.commission_list, name="commission"),
    path("commission/nouvelle/", views.commission_new, name="commission_new"),
    path("commission/<int:pk>/", views.commission_detail, name="commission_detail"),
    path("commission/<int:pk>/etat/", views.commission_status, name="commission_status"),
    path(
        "commission/<int:pk>/propositions/<int:proposal_pk>/decision/",
        views.commission_adjust_view,
        name="commission_adjust",
    ),
    path(
        "commission/<int:pk>/propositions/<int:proposal_pk>/rang/",
        views.commission_move,
        name="commission_move",
    ),
    path(
        "commission/<int:pk>/valider/", views.commission_validate_view, name="commission_validate"
    ),
    path("commission/<int:pk>/export.csv", views.commission_export, name="commission_export"),
    path("commission/<int:pk>/impression/", views.commission_print, name="commission_print"),
]
