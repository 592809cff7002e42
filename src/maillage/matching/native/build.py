"""Compile the C files beside this one into ``_kernels.so`` (``make install`` runs this).

    python src/maillage/matching/native/build.py

Optional by design: with no C compiler the command says so and exits 0, and the engine runs
its numpy code (the same bits, slower). The flags are part of the engine's determinism: no
fused multiply-add (``-ffp-contract=off``), no fast-math, no ``-march=native``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# no import of the package: the container's build stage runs this file with a bare Python
SOURCES = tuple(
    Path(__file__).with_name(name)
    for name in ("kernels.c", "primal.c", "serial.c", "strips.c", "cap.c", "rows.c", "ledger.h")
)
LIBRARY = Path(__file__).with_name("_kernels.so")
FLAGS = ("-O3", "-std=c11", "-fPIC", "-shared", "-ffp-contract=off", "-fno-fast-math")


def source_sha256() -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in SOURCES)).hexdigest()


def build() -> bool:
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        print("maillage: pas de compilateur C, le moteur utilisera numpy (plus lent)")
        return False
    with tempfile.TemporaryDirectory(dir=LIBRARY.parent) as work:
        target = Path(work) / LIBRARY.name
        command = [
            compiler,
            *FLAGS,
            f'-DKERNELS_SOURCE_SHA256="{source_sha256()}"',
            "-o",
            str(target),
            *(str(path) for path in SOURCES if path.suffix == ".c"),
            "-lm",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:  # CC names no program
            print(f"maillage: compilateur {compiler} introuvable ({error}), numpy sera utilisé")
            return False
        if done.returncode != 0:
            print("maillage: compilation des noyaux C en échec, numpy sera utilisé")
            print(done.stderr, file=sys.stderr)
            return False
        os.replace(target, LIBRARY)  # atomic: a running worker keeps its mapped copy
    print(f"maillage: {LIBRARY.name} compilé")
    return True


if __name__ == "__main__":
    sys.exit(0 if build() or "--strict" not in sys.argv else 1)
