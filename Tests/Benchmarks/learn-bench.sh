#!/usr/bin/env bash
# The learning step of run-bench.sh (--learn; see there): peak RSS of the `--learn` daemon package
# while it learns a first model, on this host (a linux-x64 package) or on emulated cores (a
# linux-arm64 package, ../shared/tools/arm64-vm/run.sh --icount --smp 1, one boot per CPU and size).
#
#   learn-bench.sh --package PKG.tar.gz [--rows "1000 2000 9405"] [--epochs 1] [--cpus "cortex-a53 cortex-a76"] [--out DIR]
#
# PKG.tar.gz is ./publish.sh --rid linux-x64|linux-arm64 --learn's package. Each run: a fresh state
# directory, no model, the first N rows of SKAB anomaly-free.csv (from ../shared) replayed at full speed,
# the default recipe for EPOCHS epochs (Patience 0, MinRows N, MaxLossRatio 1, so a short training is
# written rather than refused). Peak RSS is the kernel's own figure for the finished daemon
# (ru_maxrss, from GNU time -v; in the guest Debian's `time` package, --deb time). Under --icount the
# guest's journal stamps read instructions (1 ns = 1 instruction), printed as such; on x64 they are seconds.
# Prints one line per run and writes DIR/learn/<machine>-<N>.txt (the daemon's time -v and journal).
# env: ARM64_VM (the VM runner; default ../shared/tools/arm64-vm/run.sh above the repo).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pkg="" rows="1000 2000 9405" epochs=1 cpus="cortex-a53 cortex-a76" out="$repo/artifacts/bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --package) pkg=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) echo "learn-bench: error: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -f "$pkg" ] || { echo "learn-bench: error: --package PKG.tar.gz is required (./publish.sh --rid linux-x64|linux-arm64 --learn)" >&2; exit 2; }
shared=$(dirname "$repo"); while [ "$shared" != / ] && [ ! -d "$shared/shared/data" ]; do shared=$(dirname "$shared"); done
data="$shared/shared/data/skab/anomaly-free/anomaly-free.csv"
[ -f "$data" ] || { echo "learn-bench: error: $data not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "learn-bench: error: /usr/bin/time (GNU time) is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$out/learn"; logs=$(cd "$out/learn" && pwd)
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
tar xzf "$pkg" -C "$stage"
dir=$(find "$stage" -mindepth 1 -maxdepth 1 -type d -name 'edgeae-device-linux-*' | head -1)
[ -n "$dir" ] || { echo "learn-bench: error: $pkg holds no edgeae-device-linux-*/ folder" >&2; exit 2; }
machine=${dir##*/edgeae-device-}
mv "$dir" "$stage/daemon"
for n in $rows; do head -n $((n + 101)) "$data" > "$stage/rec$n.csv"; done
# One first learn; runs the same in the guest (busybox sh, cwd = the stage) and on this host.
cat > "$stage/learn.sh" <<'EOF'
#!/bin/sh
n=$1 epochs=$2 s=${TMPDIR:-/tmp}/edgeae-learn-bench.$$
# The guest's busybox links only a few applets by name.
command -v mkdir >/dev/null 2>&1 || { mkdir() { busybox mkdir "$@"; }; rm() { busybox rm "$@"; }; }
rm -rf "$s"; mkdir -p "$s/state" "$s/m"
cd daemon
STATE_DIRECTORY=$s/state /usr/bin/time -v ./edgeae-device --demo --learn --Model:Path "$s/m/pump.onnx" \
  --Source:Kind Replay --Source:Path ../rec$n.csv --Source:Speed 0 --Model:Learn:Rows "$n" --Model:Learn:Recipe:Epochs "$epochs" \
  --Model:Learn:Recipe:Patience 0 --Model:Learn:Recipe:MinRows "$n" --Model:Learn:Recipe:MaxLossRatio 1 \
  --Model:Learn:Directory "$s/learn" --StatusLine:Seconds 0 > "$s/out.txt" 2> "$s/time.txt"
rc=$?
echo "daemon exit $rc"
cat "$s/time.txt"
tail -n 3 "$s/out.txt"
cat "$s/state/journal/events.jsonl"
rm -rf "$s"
EOF
report() { # machine rows unit logfile
  python3 - "$@" <<'PY'
import datetime as dt, json, re, sys
machine, n, unit, path = sys.argv[1:]
text = open(path).read()
peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
ev = [json.loads(l) for l in text.splitlines() if l.startswith('{"seq"')]
kinds = {e["kind"]: e for e in ev}
if not peak or "learn-written" not in kinds:
    tail = [l for l in text.splitlines() if not l.startswith('{"seq"')][-6:]
    sys.exit(f"learn-bench: {machine} rows {n}: no bundle written; last lines: " + " | ".join(tail))
t = lambda e: dt.datetime.fromisoformat(e["at"].replace("Z", "")[:26])
epochs = [e for e in ev if e["kind"] == "learn-epoch"]
ep = (t(epochs[-1]) - t(kinds["learn-training"])).total_seconds() / len(epochs)
post = (t(kinds["learn-written"]) - t(epochs[-1])).total_seconds()
est = re.search(r"about (\d+) MiB", kinds["learn-training"]["message"]).group(1)
f = (lambda s: f"{s * 1e3:,.0f} M instructions") if unit == "instructions" else (lambda s: f"{s:.2f} s")
kb = int(peak.group(1))
print(f"learn-bench: {machine} rows {n}: peak RSS {kb:,} kB ({kb / 1024:.1f} MiB); learner's estimate {est} MiB; "
      f"per epoch {f(ep)}; int8 + calibration + self-test + write {f(post)}; graph {kinds['learn-written']['message'][:12]}")
PY
}
if [ "$machine" = linux-x64 ]; then
  echo "learn-bench: $(date -u +%FT%TZ) x64 package on this host; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for n in $rows; do
    (cd "$stage" && sh ./learn.sh "$n" "$epochs") > "$logs/x64-$n.txt" 2>&1 || true
    report x64 "$n" seconds "$logs/x64-$n.txt"
  done
else
  vm=${ARM64_VM:-$shared/shared/tools/arm64-vm/run.sh}
  [ -x "$vm" ] || { echo "learn-bench: error: VM runner $vm not found (set ARM64_VM)" >&2; exit 2; }
  for cpu in $cpus; do
    for n in $rows; do
      echo "learn-bench: $(date -u +%FT%TZ) $cpu, $n rows: booting (--icount --smp 1)"
      "$vm" --cpu "$cpu" --smp 1 --icount --timeout 2400 --deb libssl3 --deb time "$stage" -- sh ./learn.sh "$n" "$epochs" \
        > "$logs/$cpu-$n.txt" 2>&1 || true
      report "$cpu" "$n" instructions "$logs/$cpu-$n.txt"
    done
  done
fi
