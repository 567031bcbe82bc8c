#!/usr/bin/env bash
# Runs the linux-arm64 package on emulated Raspberry Pi CPUs (qemu-system-aarch64 via
# ../shared/tools/arm64-vm/run.sh, with Debian bookworm's libssl3, libgpiod2 and gpiod unpacked): for
# each CPU, `edgeae-device --self-test` (scores a built-in window with the bundled fp32 and int8 models),
# the daemon's demo until its first alert (at most DEMO_SECONDS), then SIGTERM, and the GPIO checks on the guest's real kernel GPIO
# chip (PL061, /dev/gpiochip0, through System.Device.Gpio's libgpiod v1 driver, read back from
# /sys/kernel/debug/gpio): warning/alarm/fault lines requested and low at start, warning and alarm high
# during an alarm, still high (latched) after the episode clears, released (exit 0) on SIGTERM, and low
# again at the restart after a SIGKILL taken mid-alarm. (The PL061's lines cannot be driven from outside
# the guest, so the acknowledge input is tested on the simulated backend and the fake libgpiod.)
# Checks: all run, the demo prints alerts and exits 0 on SIGTERM, and the self-test scores equal
# the x64 package's within tolerance. Emulated timings say nothing about board speed: none are
# reported as such.
#
#   scripts/test-arm64-vm.sh [ARM64_PACKAGE.tar.gz [X64_PACKAGE.tar.gz]]
#     defaults: artifacts/edgeae-device-linux-arm64.tar.gz, artifacts/edgeae-device-linux-x64.tar.gz
#   env: CPUS (default "cortex-a53 cortex-a72 cortex-a76"), DEMO_SECONDS (the longest wait for the demo's first alert, default 90),
#        ALERT_REGEX (default "(ALARM|WARNING) raised"), SCORE_RTOL (default 1e-2), INT8_RTOL (default SCORE_RTOL), SCORE_ATOL (1e-5),
#        ARM64_VM (default ../shared/tools/arm64-vm/run.sh beside the repo)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
arm_pkg=${1:-$repo/artifacts/edgeae-device-linux-arm64.tar.gz}
x64_pkg=${2:-$repo/artifacts/edgeae-device-linux-x64.tar.gz}
cpus=${CPUS:-cortex-a53 cortex-a72 cortex-a76}
seconds=${DEMO_SECONDS:-90}
alert_regex=${ALERT_REGEX:-(ALARM|WARNING) raised}
rtol=${SCORE_RTOL:-1e-2} atol=${SCORE_ATOL:-1e-5}
# int8 bundles: the 6.4 % one-window gap once measured here was ORT's x64 U8S8 kernels saturating on a
# CPU without VNNI (the demo bundle's activations are uint8 on both sides); since every EdgeAE session
# sets session.x64quantprecision=1 the x64 and arm64 self-test scores are equal (worst relative
# difference 0 on A53 and A76), so int8 gets the fp32 tolerance.
int8_rtol=${INT8_RTOL:-$rtol}
# shared/ sits beside the repo (/work/main → /work/shared); from a worktree deeper down, look upwards.
vm=${ARM64_VM:-}
if [ -z "$vm" ]; then
  d=$(dirname "$repo")
  while [ "$d" != / ] && [ ! -x "$d/shared/tools/arm64-vm/run.sh" ]; do d=$(dirname "$d"); done
  vm="$d/shared/tools/arm64-vm/run.sh"
fi
[ -x "$vm" ] || { echo "test-arm64-vm: error: VM runner $vm not found" >&2; exit 2; }
for p in "$arm_pkg" "$x64_pkg"; do
  [ -f "$p" ] || { echo "test-arm64-vm: error: $p not found (run ./publish.sh --rid linux-arm64 and --rid linux-x64)" >&2; exit 2; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/arm" "$work/x64"
tar -xzf "$arm_pkg" -C "$work/arm"; tar -xzf "$x64_pkg" -C "$work/x64"
app="$work/arm/edgeae-device-linux-arm64"
[ -f "$app/edgeae-device" ] || { echo "test-arm64-vm: error: no edgeae-device in $arm_pkg" >&2; exit 1; }

# Reference scores from the x64 package on this machine.
if ! (cd "$work/x64/edgeae-device-linux-x64" && ./edgeae-device --self-test) >"$work/x64.txt" 2>&1; then
  cat "$work/x64.txt"; echo "test-arm64-vm: FAIL: x64 --self-test exited non-zero"; exit 1
fi

# What the guest runs (busybox sh): self-test, then the demo for a while, each fenced by markers.
cat > "$app/.vm-test.sh" <<GUEST
echo "=== self-test"
./edgeae-device --self-test; echo "=== self-test-exit=\$?"
echo "=== demo"
./edgeae-device --demo ${DEMO_ARGS:---Source:Speed 10} > /tmp/demo.log 2>&1 &
pid=\$!
# Until the first alert (at most DEMO_SECONDS): an emulated core on a busy host may need 10-20 s just
# to start ONNX Runtime, and a SIGTERM before the host is up ends the process with 143, not a clean stop.
i=0
while [ \$i -lt $seconds ] && kill -0 \$pid 2>/dev/null && ! grep -qE '$alert_regex' /tmp/demo.log; do sleep 1; i=\$((i+1)); done
sleep 1
if kill -0 \$pid 2>/dev/null; then kill -TERM \$pid; wait \$pid; echo "=== demo-exit=\$?"; else wait \$pid; echo "=== demo-died=\$?"; fi
cat /tmp/demo.log
. ./.vm-gpio.sh
echo "=== end"
GUEST
# The kernel GPIO checks, run in the guest after the demo (scripts/vm-gpio-guest.sh).
cp "$repo/scripts/vm-gpio-guest.sh" "$app/.vm-gpio.sh"

# Numbers with a decimal point on the lines that mention a score, in order.
# Only the number after "score" (the same line also carries a timing that must not be compared).
# "<precision> <score>" per self-test line (the line also carries a timing that must not be compared).
scores() { grep -E ', (int8|fp32), .*score ' "$1" | sed -E 's/.*, (int8|fp32), .*score ([-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?).*/\1 \2/' || true; }
scores "$work/x64.txt" >"$work/x64.scores"
[ -s "$work/x64.scores" ] || { cat "$work/x64.txt"; echo "test-arm64-vm: FAIL: no scores in the x64 self-test output"; exit 1; }

failed=0
for cpu in $cpus; do
  echo "test-arm64-vm: $cpu"
  start=$(date +%s)
  "$vm" --cpu "$cpu" --timeout 900 --deb libssl3 --deb libgpiod2 --deb gpiod "$app" -- sh ./.vm-test.sh >"$work/$cpu.txt" 2>&1 && rc=0 || rc=$?
  took=$(( $(date +%s) - start ))
  out="$work/$cpu.txt"
  tr -d '\r' <"$out" >"$out.clean" && mv "$out.clean" "$out"   # the serial console may add CRs
  problems=()
  [ "$rc" -eq 0 ] || problems+=("the VM run ended with status $rc")
  sed -n '/^=== self-test$/,/^=== self-test-exit=/p' "$out" >"$work/$cpu.self"
  grep -q '^=== self-test-exit=0' "$out" || problems+=("--self-test failed: $(grep -o '=== self-test-exit=[0-9]*' "$out" || echo 'no exit status')")
  scores "$work/$cpu.self" >"$work/$cpu.scores"
  compare=$(paste -d' ' "$work/x64.scores" "$work/$cpu.scores" | awk -v rtol="$rtol" -v qtol="$int8_rtol" -v atol="$atol" -v nx="$(wc -l <"$work/x64.scores")" -v na="$(wc -l <"$work/$cpu.scores")" '
    { tol = $1 == "int8" ? qtol : rtol
      d = $2 - $4; if (d < 0) d = -d; m = $2 < 0 ? -$2 : $2; r = m > 0 ? d / m : d; if (r > worst) worst = r
      if ($1 != $3 || d > atol + tol * m) { bad++; if (!first) first = sprintf("%s x64 %s vs arm64 %s %s", $1, $2, $3, $4) } }
    END { if (nx != na) printf "FAIL %d x64 scores but %d arm64 scores", nx, na
          else if (bad) printf "FAIL %d of %d scores outside tolerance (first: %s, worst relative difference %.3g)", bad, nx, first, worst
          else printf "OK %d scores match (worst relative difference %.3g)", nx, worst }')
  [[ "$compare" == OK* ]] || problems+=("${compare#FAIL }")
  grep -q '^=== demo-exit=0' "$out" || problems+=("demo did not exit 0 on SIGTERM: $(grep -oE '=== demo-(exit|died)=[0-9]+' "$out" || echo 'no status')")
  alerts=$(sed -n '/^=== demo-/,/^=== gpio-/p' "$out" | grep -Eci "$alert_regex" || true)
  [ "$alerts" -gt 0 ] || problems+=("no alert in ${seconds}s of demo output")
  # Kernel GPIO: "<phase>: <line> <dir> <level>" rows between the markers.
  section() { sed -n "/^=== gpio-$1\( (.*)\)\?\$/,/^=== /p" "$out" | grep -E '^[0-9]+ (in|out) (lo|hi)' || true; }
  expect() {   # phase, line, wanted "dir level"
    got=$(section "$1" | awk -v l="$2" '$1 == l { print $2 " " $3 }')
    [ "$got" = "$3" ] || problems+=("gpio $1: line $2 is '${got:-not requested}', expected '$3'")
  }
  grep -q '^=== gpio-timeout' "$out" && problems+=("gpio: $(grep -m1 '^=== gpio-timeout' "$out" | cut -c5-)")
  for l in 5 6 7; do expect start "$l" "out lo"; expect restart "$l" "out lo"; done
  # The low write on SIGTERM is followed by the release within milliseconds, faster than the guest shell
  # can sample debugfs: what was seen last is printed, not judged; the release itself is checked below.
  released=$(section released | tr '\n' ';')
  for l in 5 6; do expect alarm "$l" "out hi"; expect cleared "$l" "out hi"; expect killed-in-alarm "$l" "out hi"; done
  [ -z "$(section after-exit)" ] || problems+=("gpio: lines still requested after the daemon exited: $(section after-exit | tr '\n' ';')")
  grep -q '^=== gpio-term-exit=0' "$out" || problems+=("gpio: the daemon did not exit 0 on SIGTERM: $(grep -o '=== gpio-term-exit=[0-9]*' "$out" || echo 'no status')")
  if [ ${#problems[@]} -eq 0 ]; then
    echo "  OK: ${compare#OK }; $alerts alert line(s); clean exit on SIGTERM; kernel GPIO lines 5/6/7: low at start, high in the alarm, latched after it cleared, released on SIGTERM (last view while held: ${released:-none}), low at the restart after SIGKILL (VM run ${took}s, emulated: not a speed figure)"
  else
    failed=1
    for p in "${problems[@]}"; do echo "  FAIL: $p"; done
    echo "  --- guest output (last 40 lines)"; tail -40 "$out" | sed 's/^/  | /'
  fi
done
[ $failed -eq 0 ] && echo "test-arm64-vm: OK on: $cpus" || { echo "test-arm64-vm: FAILED"; exit 1; }
