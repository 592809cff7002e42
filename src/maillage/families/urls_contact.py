"""URLs of the two-way contact, the cost estimate and the priorities page (families)."""

from django.urls import path

from maillage.families.views import cost, thread
from maillage.families.views.priority import need_priorities

urlpatterns = [
    path("besoins/<int:pk>/priorites/", need_priorities, name="need_priorities"),
    path("demandes/<int:pk>/echanges/", thread.request_thread, name="request_thread"),
    path("demandes/<int:pk>/messages/", thread.request_message, name="request_message"),
    path(
        "demandes/<int:pk>/rencontre/", thread.request_visit_propose, name="request_visit_propose"
    ),
    path(
        "demandes/<int:pk>/rencontre/<int:visit_pk>/reponse/",
        thread.request_visit_answer,
        name="request_visit_answer",
    ),
    path("mes-coordonnees/", thread.contact_sharing, name="contact_sharing"),
    path("cout/", cost.cost_household, name="cost_household"),
]
