"""manage.py seed_demo --departement 93 --seed 1: a realistic, reproducible demo dataset."""

from __future__ import annotations

import importlib
import importlib.util
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from maillage.childcare import demo as childcare_demo
from maillage.childcare.demo.common import DEMO_DOMAIN
from maillage.childcare.models import Childminder, Nursery
from maillage.families import demo as families_demo
from maillage.families.demo_users import ensure_demo_accounts, ensure_demo_profiles
from maillage.territory.models import Commune, Departement

LABELS = {
    "childminders": "assistant(e)s maternel(le)s",
    "childminder_places": "places d'assistant(e)s maternel(le)s (agrément)",
    "mams": "maisons d'assistants maternels (MAM)",
    "childminders_in_mam": "assistant(e)s maternel(le)s en MAM",
    "children_in_care": "enfants déjà accueillis chez une AM",
    "childminders_atypical": "AM acceptant des horaires atypiques",
    "childminders_free_now": "AM ayant une place libre aujourd'hui",
    "childminders_55_plus": "AM de 55 ans ou plus",
    "nurseries": "crèches",
    "nursery_places": "places en crèche",
    "micro_creches": "micro-crèches",
    "avip_creches": "crèches AVIP",
    "age_groups": "sections",
    "nursery_free_places": "places libres en crèche",
    "nursery_managers": "responsables de crèche",
    "parents": "parents",
    "needs": "besoins d'accueil",
    "needs_open": "besoins en recherche",
    "needs_job_seekers": "besoins de parents demandeurs d'emploi",
    "needs_atypical_or_weekend": "besoins en horaires atypiques ou le week-end",
    "candidates": "candidat(e)s",
    "job_offers": "offres d'emploi",
    "trainings": "formations",
    "info_meetings": "réunions d'information",
    "immersions": "immersions (PMSMP)",
    "paths": "parcours de candidats",
}


class Command(BaseCommand):
    help = (
        "Crée un jeu de données de démonstration réaliste pour un département : assistantes "
        "maternelles, MAM, crèches, familles et besoins (calibré sur les taux de couverture Caf)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--departement", required=True, help="Code du département (ex. 93).")
        parser.add_argument("--seed", type=int, default=1, help="Graine aléatoire (reproductible).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Facteur d'échelle (1 = réel)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si des modes d'accueil existent déjà dans le département.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher ce qui serait créé, sans l'enregistrer.",
        )
        parser.add_argument(
            "--caf-csv",
            type=Path,
            default=childcare_demo.calibration.CAF_COVERAGE_CSV,
            help="Fichier des taux de couverture Caf par département.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        code = str(options["departement"]).strip().upper()
        if code.isdigit() and len(code) == 1:
            code = f"0{code}"
        departement = Departement.objects.filter(code=code).first()
        if departement is None:
            raise CommandError(
                f"Département inconnu : {options['departement']!r}. Importez d'abord le "
                "référentiel (manage.py import_territory) ou vérifiez le code."
            )
        communes = list(Commune.objects.filter(departement=departement).order_by("code"))
        if not communes:
            raise CommandError(
                f"Aucune commune importée pour le département {departement} : lancez d'abord "
                "manage.py import_territory."
            )
        scale = float(options["scale"])
        if scale <= 0:
            raise CommandError("L'échelle (--scale) doit être strictement positive.")
        has_providers = (
            Childminder.objects.filter(commune__departement=departement).exists()
            or Nursery.objects.filter(commune__departement=departement).exists()
        )
        if has_providers and options["if_empty"]:
            self.stdout.write(
                f"Des modes d'accueil existent déjà pour {departement} : "
                "données de démonstration non recréées."
            )
            return
        dep = code.lower()
        from django.contrib.auth import get_user_model

        if get_user_model().objects.filter(email__startswith=f"am.{dep}.").exists():
            raise CommandError(
                f"Des données de démonstration existent déjà pour {departement}. "
                "Utilisez --if-empty, ou repartez d'une base vide (make resetdb)."
            )

        rates = childcare_demo.coverage_rates_for(code, options["caf_csv"])
        targets = childcare_demo.calibrate(communes, rates, scale)
        self._print_calibration(departement, communes, rates, targets, scale)

        seed = int(options["seed"])
        today, now = timezone.localdate(), timezone.now().replace(microsecond=0)
        counts: dict[str, int] = {}
        with transaction.atomic():
            users = ensure_demo_accounts(departement)
            counts |= childcare_demo.seed_childminders(
                departement=code,
                communes=communes,
                places_by_commune=targets.am_by_commune,
                rng=childcare_demo.sub_rng(seed, code, "childminders"),
                today=today,
                now=now,
            )
            counts |= childcare_demo.seed_nurseries(
                departement=code,
                communes=communes,
                places_by_commune=targets.eaje_by_commune,
                rng=childcare_demo.sub_rng(seed, code, "nurseries"),
                today=today,
                now=now,
            )
            counts |= families_demo.seed_needs(
                departement=code,
                communes=communes,
                rng=childcare_demo.sub_rng(seed, code, "families"),
                today=today,
                now=now,
                counsellor=users["counsellor"],
                scale=scale,
            )
            ensure_demo_profiles(users=users, communes=communes, today=today, now=now)
            counts |= self._seed_jobs(departement, communes, seed, code, scale)
            if options["dry_run"]:
                transaction.set_rollback(True)

        if not options["dry_run"]:
            from maillage.families.engine_records import provider_index_bump

            provider_index_bump([code])
        self._print_counts(counts)
        from maillage.registers.demo import demo_folder

        self.stdout.write(
            "Modes d'accueil chargés par les fichiers de registre (comme un vrai territoire) : "
            f"{demo_folder(code)}/ (assistantes-maternelles.csv, mam.csv, creches.csv)."
        )
        elapsed = time.perf_counter() - started
        if options["dry_run"]:
            self.stdout.write(
                f"Simulation (--dry-run) : rien n'a été enregistré ({elapsed:.1f} s)."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Données de démonstration créées pour {departement} en {elapsed:.1f} s "
                    f"(comptes générés en @{DEMO_DOMAIN}, sans mot de passe)."
                )
            )

    def _seed_jobs(
        self, departement: Departement, communes: list[Commune], seed: int, code: str, scale: float
    ) -> dict[str, int]:
        """Candidates and job offers come from `maillage.jobs.demo` when it exists."""
        module = None
        if importlib.util.find_spec("maillage.jobs.demo") is not None:
            module = importlib.import_module("maillage.jobs.demo")
        if module is None or not hasattr(module, "seed_jobs"):
            self.stdout.write(
                "Candidats et offres d'emploi : module maillage.jobs.demo absent, étape ignorée."
            )
            return {}
        result = module.seed_jobs(
            departement=departement,
            communes=communes,
            rng=childcare_demo.sub_rng(seed, code, "jobs"),
            scale=scale,
        )
        return dict(result or {})

    def _print_calibration(
        self, departement: Any, communes: list[Commune], rates: Any, targets: Any, scale: float
    ) -> None:
        write = self.stdout.write
        write(f"Département : {departement} — {len(communes)} communes")
        write(
            f"Enfants de moins de 3 ans (naissances des 3 dernières années) : "
            f"{targets.children_under_3}"
        )
        if rates.note:
            write(rates.note)
        write(
            f"Taux de couverture Caf {rates.year} : EAJE {rates.eaje} %, "
            f"assistantes maternelles {rates.am} % (échelle {scale:g})"
        )
        write(
            f"Places visées : {targets.am_places} chez des assistant(e)s maternel(le)s, "
            f"{targets.eaje_places} en crèche"
        )

    def _print_counts(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.stdout.write(f"  {LABELS.get(key, key)} : {value}")
