"""URLs of the two-way contact, the cost estimate and the priorities page (families)."""

from django.urls import path

from maillage.families.views.priority import need_priorities

urlpatterns = [
    path("besoins/<int:pk>/priorites/", need_priorities, name="need_priorities"),
]
