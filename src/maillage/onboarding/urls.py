from django.urls import path

from maillage.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("invitation/<str:token>/", views.claim, name="claim"),
    path("inscrire-ma-structure/", views.structure_signup, name="structure_signup"),
    path(
        "inscrire-ma-structure/envoyee/",
        views.structure_signup_done,
        name="structure_signup_done",
    ),
    path("mon-territoire/", views.territory_providers, name="territory_providers"),
    path(
        "mon-territoire/inviter/<str:kind>/<int:pk>/",
        views.invite_provider,
        name="invite_provider",
    ),
    path(
        "mon-territoire/inviter-les-non-invites/",
        views.invite_uninvited,
        name="invite_uninvited",
    ),
    path("structures-en-attente/", views.pending_structures, name="pending_structures"),
    path(
        "structures-en-attente/<str:kind>/<int:pk>/<str:decision>/",
        views.structure_review,
        name="structure_review",
    ),
    path("structure/<str:kind>/<int:pk>/collegues/", views.colleagues, name="colleagues"),
]
