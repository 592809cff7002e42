from typing import Any

from maillage.accounts.perms import is_admin, is_nursery_manager


def can_manage_nursery_staff(user: Any) -> bool:
    """A crèche manager (for the crèches she runs, through `Nursery.objects.managed_by`)."""
    return is_nursery_manager(user) or is_admin(user)
