"""URLconf for the tests of `role_required` and the error pages: the site plus three views."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from config.urls import urlpatterns as site_urlpatterns
from maillage.accounts.enums import Role
from maillage.accounts.perms import RoleRequiredMixin, role_required


@role_required(Role.ANALYST, Role.ADMIN)
def analysts_only(request):
    return HttpResponse("actions du schéma")


class CounsellorsOnly(RoleRequiredMixin, View):
    allowed_roles = (Role.COUNSELLOR,)

    def get(self, request):
        return HttpResponse("familles suivies")


def broken(request):
    raise RuntimeError("panne simulée")


urlpatterns = [
    path("essai/analystes/", analysts_only),
    path("essai/conseillers/", CounsellorsOnly.as_view()),
    path("essai/panne/", broken),
    *site_urlpatterns,
]
