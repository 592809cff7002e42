# Maillage: one image for every process (web, worker, scheduler, one-off commands).
#   docker build -t maillage .        docker compose up      (see docs/operations.md)
# The engine's compiled inner loops, built where a C compiler is (the final image has none).
FROM python:3.11-bookworm AS native
COPY src/maillage/matching/native /native
RUN python /native/build.py --strict

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod \
    MAILLAGE_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

# postgresql-client: pg_dump/psql for scripts/backup.sh and scripts/restore.sh.
RUN apt-get update \
    && apt-get install --no-install-recommends -y postgresql-client gnupg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 maillage

WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock changes.
COPY requirements/lock.txt requirements/lock.txt
RUN pip install --require-hashes --no-deps -r requirements/lock.txt

COPY . .
COPY --from=native /native/_kernels.so src/maillage/matching/native/_kernels.so
# The project runs from its source tree (same .pth as `make install`).
RUN SITE="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    && printf '/app/src\n/app\n' > "$SITE/maillage-src.pth" \
    && mkdir -p /app/var \
    && SECRET_KEY=build-only-collectstatic DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R maillage:maillage /app/var

USER maillage
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request as u; sys.exit(0 if u.urlopen('http://127.0.0.1:8000/sante/', timeout=4).status == 200 else 1)"
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
