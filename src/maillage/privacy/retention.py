"""Retention durations of personal data, in one place (documented in docs/rgpd_registre.md).

Change them here only together with the register: the daily `apply_retention` job reads them.
"""

from __future__ import annotations

import datetime as dt

# Needs (besoins d'accueil) and contact requests: anonymised 2 years after they were closed
# (matched, closed, cancelled; requests declined, cancelled, expired, confirmed).
CLOSED_RECORD_YEARS = 2
CLOSED_RECORD_DELTA = dt.timedelta(days=365 * CLOSED_RECORD_YEARS)

# Accounts of families, providers and candidates with no login for 3 years are warned by
# e-mail, then deleted 30 days later unless the person signs in again.
INACTIVITY_DELTA = dt.timedelta(days=365 * 3)
INACTIVITY_GRACE_DELTA = dt.timedelta(days=30)

# Return-to-work questionnaires: their purpose ends with the last checkpoint (6 months after
# the start of care) and the yearly report of the following year; 24 months after the start
# of care the follow-up no longer names anyone (links to accounts cut, unanswered
# checkpoints deleted); only the anonymous answers remain for the aggregated rates.
OUTCOMES_DELTA = dt.timedelta(days=365 * 2)

# The access log of families' files is kept as long as the family may ask who saw her file:
# 2 years, like the need itself.
ACCESS_LOG_DELTA = dt.timedelta(days=365 * CLOSED_RECORD_YEARS)
