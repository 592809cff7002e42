"""Django admin for staff, in French, adapted to the email login."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from maillage.accounts.models import User
from maillage.accounts.services import DUPLICATE_EMAIL_MESSAGE


def _clean_unique_email(form: forms.ModelForm) -> str:
    email = form.cleaned_data["email"].strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk).exists():
        raise forms.ValidationError(DUPLICATE_EMAIL_MESSAGE)
    return email


class StaffUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "role", "organisation")

    def clean_email(self) -> str:
        return _clean_unique_email(self)


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}

    def clean_email(self) -> str:
        return _clean_unique_email(self)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = StaffUserCreationForm
    ordering = ("email",)
    list_display = (
        "email",
        "last_name",
        "first_name",
        "role",
        "organisation",
        "email_verified",
        "is_active",
        "date_joined",
    )
    list_filter = (
        "role",
        "organisation",
        "email_verified",
        "is_active",
        "is_staff",
        "is_job_seeker",
        "territory_departements",
    )
    search_fields = ("email", "first_name", "last_name", "phone")
    filter_horizontal = ("territory_departements", "groups", "user_permissions")
    # About 35,000 communes: a two-list widget would weigh megabytes; INSEE codes are typed.
    raw_id_fields = ("territory_communes",)
    readonly_fields = ("last_login", "date_joined", "terms_accepted_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "phone", "is_job_seeker")}),
        ("Rôle et organisme", {"fields": ("role", "organisation")}),
        (
            "Territoires suivis",
            {
                "description": "Pour les conseillers et les chargés d'études : départements "
                "entiers et/ou communes isolées.",
                "fields": ("territory_departements", "territory_communes"),
            },
        ),
        (
            "Statut",
            {"fields": ("email_verified", "is_active", "is_staff", "is_superuser")},
        ),
        ("Droits fins", {"classes": ("collapse",), "fields": ("groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined", "terms_accepted_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "role", "organisation", "password1", "password2"),
            },
        ),
    )
