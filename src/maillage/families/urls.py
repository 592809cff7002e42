from django.urls import path

from maillage.families import views

app_name = "families"
urlpatterns = [
    path("", views.home, name="home"),
    path("besoins/", views.need_list, name="need_list"),
    path("besoins/nouveau/", views.need_new, name="need_new"),
    path("besoins/nouveau/<slug:step>/", views.need_new, name="need_new_step"),
    path("besoins/<int:pk>/", views.need_detail, name="need_detail"),
    path("besoins/<int:pk>/resultats/", views.need_results, name="need_results"),
    path("besoins/<int:pk>/demandes/", views.contact_request_new, name="contact_request_new"),
    path("besoins/<int:pk>/annuler/", views.need_cancel, name="need_cancel"),
    path("besoins/<int:pk>/modifier/", views.need_edit, name="need_edit"),
    path(
        "besoins/<int:pk>/modifier/verifier/",
        views.need_edit_confirm,
        name="need_edit_confirm",
    ),
    path("besoins/<int:pk>/modifier/<slug:step>/", views.need_edit, name="need_edit_step"),
    path("demandes/", views.request_list, name="request_list"),
    path("demandes/<int:pk>/annuler/", views.request_cancel, name="request_cancel"),
    path("demandes/<int:pk>/confirmer/", views.request_confirm, name="request_confirm"),
    path("conseiller/besoins/", views.counsellor_needs, name="counsellor_needs"),
    path("conseiller/besoins/nouveau/", views.counsellor_need_new, name="counsellor_need_new"),
    path(
        "conseiller/besoins/nouveau/<slug:step>/",
        views.counsellor_need_new,
        name="counsellor_need_new_step",
    ),
    path("conseiller/attribution/", views.counsellor_allocation, name="counsellor_allocation"),
    path(
        "conseiller/attribution/<int:pk>/etat/",
        views.counsellor_allocation_status,
        name="counsellor_allocation_status",
    ),
    path("conseiller/sans-solution/", views.counsellor_unsolved, name="counsellor_unsolved"),
]

# Two-way contact, cost estimates and the priorities page (their own module).
from maillage.families.urls_contact import urlpatterns as contact_urlpatterns  # noqa: E402

urlpatterns += contact_urlpatterns

# No dead ends: one-click relaxations and the « prévenez-moi » alert (their own module).
from maillage.families.urls_dead_ends import urlpatterns as dead_end_urlpatterns  # noqa: E402

urlpatterns += dead_end_urlpatterns
