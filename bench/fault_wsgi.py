"""The production WSGI application plus a 8 s pause after a « coupure-… » user is inserted.

Used by bench/faults.py to kill gunicorn while a sign-up form is half-way through its request.
"""

# isort: off
from config.wsgi import application  # noqa: F401 - what gunicorn serves; sets Django up first
from django.db.models.signals import post_save

from bench.fault_tasks import slow_user_save
from maillage.accounts.models import User

# isort: on

post_save.connect(slow_user_save, sender=User, dispatch_uid="bench-fault-slow-save")
