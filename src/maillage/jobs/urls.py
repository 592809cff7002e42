from django.urls import path

from maillage.jobs import views

app_name = "jobs"
urlpatterns = [
    path("profil/", views.candidate_profile, name="candidate_profile"),
    path("annonces/", views.public_offers, name="public_offers"),
    path("vivier/rejoindre/", views.reservist_join_view, name="reservist_join"),
    path("postuler/<str:kind>/<int:pk>/", views.apply, name="apply"),
    path("candidatures/", views.my_applications, name="my_applications"),
    path("evenements/<int:pk>/inscription/", views.event_register_view, name="event_register"),
    path(
        "inscriptions/<int:pk>/annuler/",
        views.registration_cancel_view,
        name="registration_cancel",
    ),
    path("conseiller/reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "conseiller/reunions/<int:pk>/presence/<int:registration_pk>/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "conseiller/reunions/<int:pk>/inscrire/",
        views.meeting_register_candidate,
        name="meeting_register_candidate",
    ),
    path("conseiller/reunions/<int:pk>/etape/", views.meeting_stop_add, name="meeting_stop_add"),
    path(
        "candidatures/<int:pk>/retirer/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path("invitations/<int:pk>/", views.invitation_answer, name="invitation_answer"),
    path(
        "invitations/<int:pk>/decliner/", views.invitation_decline_view, name="invitation_decline"
    ),
    path("employeur/candidatures/", views.employer_inbox, name="employer_inbox"),
    path("employeur/candidatures/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "employeur/candidatures/<int:pk>/<str:action>/",
        views.application_decide,
        name="application_decide",
    ),
    path("employeur/offres/<int:pk>/cloturer/", views.job_offer_close_view, name="job_offer_close"),
    path(
        "employeur/offres/<int:pk>/inviter/<int:candidate_pk>/",
        views.invitation_send_view,
        name="invitation_send",
    ),
    path("offres/", views.offer_list, name="offer_list"),
    path("parcours/", views.my_path, name="my_path"),
    path("formations/<int:pk>/postuler/", views.training_apply_view, name="training_apply"),
    path("remplacement/<int:pk>/", views.substitute_offer, name="substitute_offer"),
    path("remplacements/", views.substitute_list, name="substitute_list"),
    path("remplacements/<int:pk>/", views.substitute_detail, name="substitute_detail"),
    path("employeur/offres/", views.employer_offers, name="employer_offers"),
    path("employeur/offres/<int:pk>/candidats/", views.offer_candidates, name="offer_candidates"),
    path("employeur/immersions/", views.immersion_manage, name="immersion_manage"),
    path("conseiller/candidats/", views.counsellor_candidates, name="counsellor_candidates"),
    path("conseiller/candidats/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("conseiller/candidats/<int:pk>/orienter/", views.path_orient_view, name="path_orient"),
    path(
        "conseiller/candidats/<int:pk>/besoin-accueil/",
        views.candidate_need_link_view,
        name="candidate_need_link",
    ),
    path("conseiller/parcours/<int:pk>/etape/", views.path_advance_view, name="path_advance"),
    path("conseiller/parcours/<int:pk>/abandon/", views.path_drop_out_view, name="path_drop_out"),
    path(
        "conseiller/parcours/<int:pk>/agrement/",
        views.agrement_complete_view,
        name="agrement_complete",
    ),
    path("conseiller/formations/", views.training_manage, name="training_manage"),
    path("conseiller/reunions/", views.meeting_manage, name="meeting_manage"),
    path("territoire/parcours/", views.territory_paths, name="territory_paths"),
    path(
        "territoire/parcours/<str:code>/<int:pk>/",
        views.territory_path_set,
        name="territory_path_set",
    ),
    path(
        "territoire/parcours/<str:code>/<int:pk>/adapter/",
        views.territory_path_adapt,
        name="territory_path_adapt",
    ),
    path(
        "territoire/parcours/<str:code>/<int:pk>/modifier/",
        views.territory_path_edit,
        name="territory_path_edit",
    ),
]
