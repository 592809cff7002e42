import datetime as dt
from decimal import Decimal

import factory

from maillage.jobs.enums import Qualification
from maillage.staffing.enums import AbsenceKind, ContractType
from maillage.staffing.models import StaffAbsence, StaffMember, StaffPost
from tests.childcare.factories import NurseryFactory


class StaffMemberFactory(factory.django.DjangoModelFactory):
    """By default an auxiliaire de puériculture, full time Monday to Friday, in CDI."""

    class Meta:
        model = StaffMember

    nursery = factory.SubFactory(NurseryFactory)
    qualification = Qualification.AUXILIAIRE_PUERICULTURE
    weekly_hours = Decimal(35)
    working_days = "1111100"
    contract_type = ContractType.CDI
    start_date = dt.date(2024, 9, 2)
    label = factory.Sequence(lambda n: f"P{n}")

    class Params:
        cap_part_time = factory.Trait(
            qualification=Qualification.CAP_AEPE, weekly_hours=Decimal(28), working_days="1101100"
        )
        eje = factory.Trait(qualification=Qualification.EJE)
        fixed_term_ending = factory.Trait(
            contract_type=ContractType.CDD, end_date=dt.date(2026, 3, 31)
        )


class StaffAbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAbsence

    member = factory.SubFactory(StaffMemberFactory)
    start_date = dt.date(2026, 3, 3)
    end_date = dt.date(2026, 3, 3)
    kind = AbsenceKind.SICK_LEAVE


class StaffPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPost

    nursery = factory.SubFactory(NurseryFactory)
    qualification = Qualification.AUXILIAIRE_PUERICULTURE
    authorised_fte = Decimal(3)
