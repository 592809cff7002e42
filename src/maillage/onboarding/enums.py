from django.db import models


class InvitationKind(models.TextChoices):
    # A provider loaded from a register claims the account made for her.
    PROVIDER = "provider", "Réclamer son compte"
    # A crèche manager invites a colleague to manage the same structure.
    COLLEAGUE = "colleague", "Rejoindre une structure"


class ProviderStatus(models.TextChoices):
    """Where a provider stands on the territory's list, from her latest invitation."""

    NOT_INVITED = "not_invited", "Non invité"
    INVITED = "invited", "Invité"
    REMINDED = "reminded", "Relancé"
    OPENED = "opened", "Ouvert"
    CLAIMED = "claimed", "Réclamé"


class ProviderType(models.TextChoices):
    CHILDMINDER = "childminder", "Assistantes maternelles"
    NURSERY = "nursery", "Crèches"
