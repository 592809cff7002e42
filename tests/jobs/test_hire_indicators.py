"""Time to hire and filled posts feed the observatory's indicators."""

from datetime import date

import pytest
import time_machine

from maillage.accounts.enums import Role
from maillage.jobs.enums import ContractType
from maillage.jobs.services.applications import application_hire, application_send
from maillage.jobs.services.employers import job_offer_publish
from maillage.observatory.services import indicators_recompute, snapshot_values
from tests.jobs.factories import CandidateProfileFactory, NurseryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_hire_counts_one_filled_post_and_its_delay(rome):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        offer = job_offer_publish(
            employer=nursery,
            rome_code="J1304",
            title="Auxiliaire de puériculture",
            contract_type=ContractType.CDI,
            hours_per_week=35,
            start_date=date(2026, 4, 1),
        )
        application = application_send(candidate=CandidateProfileFactory(), target=offer)
    with time_machine.travel("2026-03-12 09:00 +0100", tick=False):
        application_hire(application=application)
        indicators_recompute(today=date(2026, 3, 12))
    values = snapshot_values("departement", nursery.commune.departement_id)
    assert values["posts_filled"] == 1
    assert values["time_to_hire_days"] == 10.0
    assert values["job_offers_open"] == 0
