from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "maillage.onboarding"
    verbose_name = "Invitations et inscription des structures"
