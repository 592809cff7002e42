"""A territory pushes its provider register through the API, with the imports' own checks.

The body is the whole register of one département (every line of the file a PMI or a Caf
would upload): providers missing from it are marked « absents du registre » and wait for a
territory administrator's confirmation, exactly as with an uploaded file.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from maillage.api.base import ApiViewMixin
from maillage.api.permissions import HasToken, WriteToken, can_push_register, token_of
from maillage.api.schema import errors
from maillage.registers.services import RegisterImportRejected, register_import
from maillage.registers.services.report import ImportReport

TAG = "Territoires"
# URL word -> register kind of maillage.registers.
KINDS = {"assistantes-maternelles": "childminders", "creches": "nurseries", "mams": "mams"}
MAX_LINES = 5000


class RegisterPushInput(serializers.Serializer):
    departement = serializers.RegexField(
        r"^(\d{2}|2A|2B|97\d)$",
        help_text="Code du département du registre (il doit être dans le périmètre du jeton).",
        error_messages={"invalid": "Code de département invalide (ex. 93, 2A, 974)."},
    )
    simulation = serializers.BooleanField(
        default=False,
        help_text="true : vérifier et compter sans rien écrire (l'aperçu de l'import).",
    )
    lignes = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        min_length=1,
        max_length=MAX_LINES,
        help_text=(
            "Les lignes du registre, une par mode d'accueil, avec les colonnes documentées "
            "dans docs/imports.md (mêmes noms que l'en-tête du fichier)."
        ),
        error_messages={
            "min_length": "Le registre ne contient aucune ligne.",
            "max_length": f"Au plus {MAX_LINES} lignes par envoi : utilisez l'import de fichier.",
        },
    )


class RegisterLineError(serializers.Serializer):
    ligne = serializers.IntegerField(
        help_text="Position de la ligne dans « lignes » (1 = première)."
    )
    colonne = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class RegisterPushResult(serializers.Serializer):
    simulation = serializers.BooleanField()
    lignes = serializers.IntegerField()
    crees = serializers.IntegerField()
    mis_a_jour = serializers.IntegerField()
    inchanges = serializers.IntegerField()
    absents_du_registre = serializers.IntegerField()
    erreurs = RegisterLineError(many=True)


def _result(report: ImportReport) -> dict[str, Any]:
    return {
        "simulation": report.dry_run,
        "lignes": report.lines,
        "crees": report.created,
        "mis_a_jour": report.updated,
        "inchanges": report.unchanged,
        "absents_du_registre": report.left,
        # Lines are numbered as in a file (header = 1): the API counts from the first row.
        "erreurs": [
            {"ligne": max(e.line - 1, 0), "colonne": e.column, "message": e.message}
            for e in report.errors
        ],
    }


@extend_schema(
    tags=[TAG],
    summary="Envoyer le registre des modes d'accueil d'un département",
    parameters=[
        OpenApiParameter(
            "registre", str, OpenApiParameter.PATH, enum=list(KINDS), description="Le registre"
        )
    ],
    request=RegisterPushInput,
    responses={200: RegisterPushResult, **errors(400, 401, 403, 404, 429)},
)
class RegisterPush(ApiViewMixin, APIView):
    """Mêmes contrôles que l'import de fichier : toutes les lignes sont vérifiées avant toute
    écriture ; une seule ligne fausse et rien n'est écrit (400 avec chaque erreur, ligne et
    colonne). Ce qu'un mode d'accueil a déclaré lui-même n'est jamais écrasé. Renvoyer le
    même registre ne change rien."""

    permission_classes = [HasToken, WriteToken]

    def post(self, request: Request, registre: str) -> Response:
        kind = KINDS.get(registre)
        if kind is None:
            raise exceptions.NotFound(
                "Registre inconnu : assistantes-maternelles, creches ou mams."
            )
        data = RegisterPushInput(data=request.data)
        data.is_valid(raise_exception=True)
        departement = data.validated_data["departement"]
        token = token_of(request)
        if not can_push_register(token, departement):
            raise exceptions.PermissionDenied(
                "Ce jeton ne peut pas envoyer le registre de ce département."
            )
        try:
            report = register_import(
                kind=kind,
                rows=data.validated_data["lignes"],
                by=token.created_by if token else None,
                departements=[departement],
                dry_run=data.validated_data["simulation"],
            )
        except RegisterImportRejected as exc:
            body = _result(exc.report)
            body["detail"] = f"{exc.report.error_count} erreur(s) : rien n'a été importé."
            return Response(body, status=400)
        return Response(_result(report))
