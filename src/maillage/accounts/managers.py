from __future__ import annotations

from typing import Any

from django.contrib.auth.models import BaseUserManager
from django.db import models

from maillage.accounts.enums import Role


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role) -> UserQuerySet:
        return self.filter(role=role)

    def active(self) -> UserQuerySet:
        return self.filter(is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> Any:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Any:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Any:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("email_verified", True)
        return self._create_user(email, password, **extra)
