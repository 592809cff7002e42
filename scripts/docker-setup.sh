#!/bin/sh
# Run by the `setup` service of compose.yaml before web, worker and scheduler start: migrations,
# the cache table, and the demo data when MAILLAGE_LOAD_DEMO=true (each step is idempotent).
set -eu
python manage.py migrate --noinput
python manage.py createcachetable
if [ "${MAILLAGE_LOAD_DEMO:-false}" = "true" ]; then
  python manage.py import_territory
  python manage.py import_rome
  python manage.py load_sdsf_reference
  python manage.py seed_demo --departement 93 --seed 1 --if-empty
  python manage.py seed_occasional_demo --departement 93 --seed 1 --if-empty
  python manage.py observatory_recompute
fi
