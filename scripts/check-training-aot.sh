#!/usr/bin/env bash
# EdgeAE.Training must stay trim and Native-AOT clean so the daemon can learn on the board: publish a
# probe that trains, saves, loads and scores a model (Tests/AotProbes/TrainingProbe) trimmed and AOT
# with warnings as errors, then run it.
#
#   scripts/check-training-aot.sh [--rid linux-x64]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rid=linux-x64
[ "${1:-}" = --rid ] && rid=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/publish.log"
if ! dotnet publish "$repo/Tests/AotProbes/TrainingProbe/TrainingProbe.csproj" -c Release -r "$rid" -o "$out/bin" -nologo > "$log" 2>&1; then
  tail -30 "$log"; echo "check-training-aot: FAIL: publish failed"; exit 1
fi
warnings=$(grep -cE "warning (IL|AOT|CS)[0-9]+" "$log" || true)
if [ "$warnings" -ne 0 ]; then
  grep -E "warning (IL|AOT|CS)[0-9]+" "$log" | sort -u; echo "check-training-aot: FAIL: $warnings trim/AOT warnings"; exit 1
fi
"$out/bin/TrainingProbe"
echo "check-training-aot: OK: EdgeAE.Training published trimmed Native-AOT ($rid) with 0 warnings and ran"
