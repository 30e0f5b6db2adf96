#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs what the tests need when it is missing,
# builds, runs the test projects and prints a final "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '\n==> %s\n' "$*"; }

apt_install() {
  # $1 = Debian package, $2 = what needs it (for the messages)
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Debian package $1 (for $2)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1") >/dev/null 2>&1 \
      || echo "WARNING: could not install $1; tests that need $2 will be skipped"
  else
    echo "WARNING: $2 is missing and cannot be installed here (needs root and apt-get); tests that need it will be skipped"
  fi
}

install_debian() {
  # $1 = command that must exist, $2 = Debian package providing it
  command -v "$1" >/dev/null 2>&1 || apt_install "$2" "$1"
}

install_debian_python() {
  # $1 = module the Debian python3 (the Jupyter kernel of the notebook test) must import, $2 = Debian package providing it
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import $1" >/dev/null 2>&1 || apt_install "$2" "python module $1"
}

install_debian h5dump hdf5-tools
install_debian redis-server redis-server
install_debian jupyter-nbconvert jupyter-nbconvert
install_debian_python ipykernel python3-ipykernel
install_debian_python pandas python3-pandas
install_debian_python tqdm python3-tqdm
install_debian zip zip
if ! command -v moto_server >/dev/null 2>&1; then
  echo "WARNING: moto_server is missing (pip install \"moto[server]\"); S3 and DynamoDB tests will be skipped loudly"
fi

results=$(mktemp -d)
log "building"
dotnet build Magg.Orleans.sln -c Release -nologo -v q || { echo "0 passed, 1 failed (build failed)"; exit 1; }

log "testing"
dotnet test --solution Magg.Orleans.sln -c Release --no-build --results-directory "$results" --report-xunit-ctrf "$@"
status=$?

python3 - "$results" "$status" <<'PY'
import glob, json, sys
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.ctrf*", recursive=True) + glob.glob(sys.argv[1] + "/*.json"):
    try:
        summary = json.load(open(path))["results"]["summary"]
    except Exception:
        continue
    passed += summary.get("passed", 0)
    failed += summary.get("failed", 0)
    skipped += summary.get("skipped", 0)
if int(sys.argv[2]) != 0 and failed == 0:
    failed = 1  # a test host crashed or did not report
print(f"{passed} passed, {failed} failed" + (f" ({skipped} skipped)" if skipped else ""))
PY
exit $status
