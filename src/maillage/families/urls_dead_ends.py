from django.urls import path

from maillage.families.views import dead_ends

urlpatterns = [
    path("besoins/<int:pk>/elargir/", dead_ends.need_relax_apply, name="need_relax_apply"),
]
