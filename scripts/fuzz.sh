#!/usr/bin/env bash
# Coverage-guided fuzzing of EdgeAE's input readers: SharpFuzz-instrumented assemblies run under AFL++.
# Not part of CI (CI runs the in-process smoke round, FuzzSmokeTests); run it by hand for the long budget.
#
#   scripts/fuzz.sh [--seconds N] [--execs N] [TARGET...]
#     TARGET: onnx manifest csv f32 keras config (default: all); budget per target: --seconds (default 600)
#     or --execs (afl-fuzz stops at whichever comes first when both are given).
#
# Installs afl++ (apt) and the sharpfuzz instrumentation tool (NuGet, SharpFuzz.CommandLine 2.3.0) when
# missing, builds Tests/Fuzz/EdgeAE.Fuzz, instruments the EdgeAE assemblies plus the parsers they call
# (PureHDF, Google.Protobuf), runs afl-fuzz on each target with Tests/Fuzz/corpus/<target> and the saved
# regressions as seeds, and prints executions, executions per second, crashes and hangs per target.
# Crashing and hanging inputs are copied to artifacts/fuzz/<target>/; reproduce one with
#   dotnet artifacts/fuzz/bin/edgeae-fuzz.dll <target> FILE
# and, once fixed, add it to Tests/Fuzz/regressions/<target>/ (the smoke round replays every file there).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=600 execs=
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?}; shift 2 ;;
    --execs) execs=${2:?}; shift 2 ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    -*) echo "fuzz.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(onnx manifest csv f32 keras config)
out="$repo/artifacts/fuzz"
mkdir -p "$out"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "fuzz.sh: error: afl-fuzz missing: sudo apt-get install afl++" >&2; exit 1; }
  echo "fuzz.sh: installing afl++"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
tools="$out/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  echo "fuzz.sh: installing the sharpfuzz tool"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

bin="$out/bin"
rm -rf "$bin"
echo "fuzz.sh: building the harness"
# Built, then copied: the instrumentation rewrites the copies, never the build output the tests use.
dotnet build "$repo/Tests/Fuzz/EdgeAE.Fuzz/EdgeAE.Fuzz.csproj" -c Release -nologo -clp:NoSummary >"$out/build.log" 2>&1 \
  || { tail -20 "$out/build.log"; echo "fuzz.sh: error: build failed" >&2; exit 1; }
cp -a "$repo/Tests/Fuzz/EdgeAE.Fuzz/bin/Release/net10.0" "$bin"
for dll in EdgeAE.Runtime.dll edgeae.dll edgeae-device.dll PureHDF.dll Google.Protobuf.dll; do
  "$tools/sharpfuzz" "$bin/$dll" >/dev/null || { echo "fuzz.sh: error: cannot instrument $dll" >&2; exit 1; }
done
echo "fuzz.sh: instrumented EdgeAE.Runtime, edgeae (Export), edgeae-device, PureHDF, Google.Protobuf"

# dotnet itself carries no AFL instrumentation (SharpFuzz's is in the managed code); no core dumps to wait for.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
status=0
printf '%-9s %12s %10s %8s %6s  %s\n' target executions exec/s crashes hangs budget
for t in "${targets[@]}"; do
  seeds="$out/$t/seeds"; findings="$out/$t/findings"
  rm -rf "$seeds" "$findings"; mkdir -p "$seeds"
  cp "$repo/Tests/Fuzz/corpus/$t"/* "$seeds/" 2>/dev/null || { echo "fuzz.sh: error: no seeds in Tests/Fuzz/corpus/$t" >&2; exit 2; }
  cp "$repo/Tests/Fuzz/regressions/$t"/* "$seeds/" 2>/dev/null || true
  limit=(-V "$seconds"); [ -n "$execs" ] && limit+=(-E "$execs")
  afl-fuzz -i "$seeds" -o "$findings" -t 10000 -m none "${limit[@]}" -- dotnet "$bin/edgeae-fuzz.dll" "$t" >"$out/$t/afl.log" 2>&1 || true
  stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then tail -30 "$out/$t/afl.log"; echo "fuzz.sh: error: afl-fuzz did not run $t" >&2; status=1; continue; fi
  get() { awk -F: -v k="$1" '{ gsub(/ /, "", $1) } $1 == k { gsub(/ /, "", $2); print $2 }' "$stats"; }
  done_=$(get execs_done); rate=$(get execs_per_sec); crashes=$(get saved_crashes); hangs=$(get saved_hangs)
  [ -n "$crashes" ] || crashes=$(get unique_crashes); [ -n "$hangs" ] || hangs=$(get unique_hangs)
  printf '%-9s %12s %10s %8s %6s  %s\n' "$t" "$done_" "$rate" "$crashes" "$hangs" "${seconds}s${execs:+ / $execs execs}"
  for kind in crashes hangs; do
    if compgen -G "$findings/default/$kind/id:*" >/dev/null; then
      mkdir -p "$out/$t/$kind"; cp "$findings/default/$kind"/id:* "$out/$t/$kind/"
    fi
  done
  if grep -q "PROGRAM ABORT" "$out/$t/afl.log"; then
    # The harness process died under afl-fuzz (a hang past -t, or a crash outside managed code): the input it had is kept.
    mkdir -p "$out/$t/aborted"; cp "$findings/default/.cur_input" "$out/$t/aborted/input" 2>/dev/null || true
    echo "fuzz.sh: $t: afl-fuzz aborted ($(grep -m1 'PROGRAM ABORT' "$out/$t/afl.log" | sed 's/\x1b\[[0-9;]*m//g; s/.*ABORT : //')); its last input is $out/$t/aborted/input"
    status=1
  fi
  [ "${crashes:-0}" = 0 ] && [ "${hangs:-0}" = 0 ] || status=1
done
[ $status -eq 0 ] && echo "fuzz.sh: no crash, no hang" || echo "fuzz.sh: inputs that crash or hang are in $out/<target>/{crashes,hangs}"
exit $status
