import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.accounts import services
from maillage.accounts.enums import Organisation, Role
from maillage.accounts.models import User
from maillage.accounts.tokens import InvalidToken, make_verification_token
from tests.accounts.conftest import STRONG_PASSWORD
from tests.accounts.factories import ParentFactory
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


def _signup(**overrides):
    data = {
        "email": "Karim.Haddad@Exemple.fr",
        "password": STRONG_PASSWORD,
        "role": Role.CANDIDATE,
        "first_name": "Karim",
        "last_name": "Haddad",
        "base_url": "https://maillage.exemple.fr/",
    }
    return services.user_signup(**{**data, **overrides})


def test_user_signup_creates_an_inactive_account_and_mails_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _signup()
    assert user.email == "karim.haddad@exemple.fr"
    assert not user.is_active and not user.email_verified
    assert user.check_password(STRONG_PASSWORD)
    assert "https://maillage.exemple.fr/compte/verification/" in mail.outbox[0].body
    assert "valable 3 jours" in mail.outbox[0].body


def test_user_signup_refuses_staff_roles_and_weak_passwords():
    with pytest.raises(ValidationError) as exc:
        _signup(role=Role.COUNSELLOR)
    assert "role" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _signup(password="karimhaddad")
    assert any("trop" in m or "ressemble" in m for m in exc.value.messages)


def test_user_signup_with_a_taken_address_creates_nothing_and_tells_its_owner(mailoutbox):
    ParentFactory(email="karim.haddad@exemple.fr")
    assert _signup() is None
    assert User.objects.filter(email__iexact="karim.haddad@exemple.fr").count() == 1


def test_verify_email_activates_once_and_never_reactivates():
    user = ParentFactory(unverified=True)
    token = make_verification_token(user_id=user.pk, email=user.email)
    verified = services.user_verify_email(token=token)
    assert verified.is_active and verified.email_verified
    # Staff deactivates the account: clicking the old link again changes nothing.
    verified.is_active = False
    verified.save()
    assert services.user_verify_email(token=token).is_active is False


def test_verification_link_expires():
    user = ParentFactory(unverified=True)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        token = make_verification_token(user_id=user.pk, email=user.email)
    with (
        time_machine.travel(dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(InvalidToken, match="expiré"),
    ):
        services.user_verify_email(token=token)


def test_tampered_or_stale_links_are_refused(client):
    user = ParentFactory(unverified=True, email="ancienne@exemple.fr")
    token = make_verification_token(user_id=user.pk, email=user.email)
    with pytest.raises(InvalidToken):
        services.user_verify_email(token=token[:-2] + "xx")
    user.email = "nouvelle@exemple.fr"
    user.save()
    with pytest.raises(InvalidToken):
        services.user_verify_email(token=token)
    response = client.get(f"/compte/verification/{token}/")
    html = response.content.decode()
    assert response.status_code == 400 and "Ce lien de confirmation ne fonctionne pas" in html
    user.refresh_from_db()
    assert not user.is_active


def test_user_create_for_the_demo_generator():
    DepartementFactory(code="93")
    montreuil = CommuneFactory(montreuil=True)
    user = services.user_create(
        email="Conseil.93@Exemple.fr",
        role=Role.COUNSELLOR,
        password="demo",
        first_name="Sophie",
        organisation=Organisation.FRANCE_TRAVAIL,
        departements=["93"],
        communes=[montreuil],
    )
    assert user.email == "conseil.93@exemple.fr"
    assert user.is_active and user.email_verified and user.check_password("demo")
    assert list(user.territory_departements.values_list("code", flat=True)) == ["93"]
    assert list(user.territory_communes.all()) == [montreuil]
    admin = services.user_create(email="admin@exemple.fr", role=Role.ADMIN, password=None)
    assert admin.is_staff and not admin.has_usable_password()
    assert mail.outbox == []


def test_user_create_validates_role_organisation_and_duplicates():
    with pytest.raises(ValidationError):
        services.user_create(email="x@exemple.fr", role="pirate", password=None)
    with pytest.raises(ValidationError):
        services.user_create(
            email="x@exemple.fr", role=Role.PARENT, password=None, organisation="nasa"
        )
    services.user_create(email="x@exemple.fr", role=Role.PARENT, password=None)
    with pytest.raises(ValidationError):
        services.user_create(email="X@exemple.fr", role=Role.PARENT, password=None)
