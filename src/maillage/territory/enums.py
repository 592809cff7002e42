from django.db import models


class IntercommunalityKind(models.TextChoices):
    """Legal nature of a grouping of communes (INSEE/DGCL codes)."""

    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"
    EPT = "EPT", "Établissement public territorial"
