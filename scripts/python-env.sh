#!/usr/bin/env bash
# Makes .build/pyenv, the Python the tests use to cross-check with other tools: safetensors and
# numpy (reading the weights files) and pyspark (examples/spark_score.py). Idempotent: does
# nothing when the venv already imports them. PROPENSITY_SKIP_SPARK=1 leaves pyspark out (its
# download is about 400 MB). A failure to install is reported and the tests that need the
# package skip themselves, so `make test` still runs everything else.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/pyenv"
python="${PYTHON:-python3}"
base_packages=(numpy==2.4.6 safetensors==0.8.0)
spark_packages=(pyspark==4.3.0)

modules="safetensors, numpy"
packages=("${base_packages[@]}")
if [ "${PROPENSITY_SKIP_SPARK:-0}" != "1" ]; then
    modules="$modules, pyspark"
    packages+=("${spark_packages[@]}")
fi

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import $modules" 2>/dev/null; then
    exit 0
fi
echo "python-env: installing ${packages[*]} into .build/pyenv (once)" >&2
mkdir -p "$root/.build"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" || { echo "python-env: cannot create a venv with $python" >&2; exit 0; }
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"; then
    echo "python-env: pip install failed; the tests that need these packages will skip" >&2
fi
exit 0
