from django.urls import path

from maillage.staffing import views

app_name = "staffing"

urlpatterns = [
    path("creches/<int:pk>/", views.staff_overview, name="overview"),
    path("creches/<int:pk>/postes/", views.staff_posts, name="posts"),
    path("creches/<int:pk>/professionnels/ajouter/", views.staff_member_new, name="member_new"),
    path(
        "creches/<int:pk>/professionnels/<int:member_pk>/depart/",
        views.staff_member_leave,
        name="member_leave",
    ),
    path("creches/<int:pk>/absences/ajouter/", views.staff_absence_new, name="absence_new"),
    path(
        "creches/<int:pk>/remplacement/<str:day>/",
        views.staff_substitute_request,
        name="substitute_request",
    ),
    path("creches/<int:pk>/import/", views.staff_import, name="import"),
    path("creches/<int:pk>/activite/", views.staff_occupancy, name="occupancy"),
    path("modele-personnel.csv", views.staff_template, name="template"),
]
