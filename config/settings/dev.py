"""Local development: debug on, console email, SQLite file under var/ unless DATABASE_URL."""

from config.settings.base import *  # noqa: F403
from config.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
