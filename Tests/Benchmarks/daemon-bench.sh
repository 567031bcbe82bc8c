#!/usr/bin/env bash
# What the daemon costs beyond its inference (issue 17): runs the packaged Native-AOT edgeae-device
# on a paced replay (default 1 kHz × 8 channels, the bundle's hop — 1 for `edgeae train`'s default)
# and prints, from one run, the process's CPU time against the time its scorer spent in calls that
# ran the model (the daemon's own edgeae_inference_seconds histogram, scraped from /metrics at the
# start and the end of the interval), its RSS, and start-up on the demo (first-score.py: launch to
# the log line with the start-up self-test score, and to the first simulator window on /metrics,
# polled every millisecond; a first start, then one with the optimized-model cache). The inference
# figure is wall time inside the scorer calls: on a loaded machine preemption inflates it and the
# ratio reads low — quote ratios from a quiet machine.
#
#   Tests/Benchmarks/daemon-bench.sh --bundle B.onnx --data NORMAL.csv [--package PKG.tar.gz]
#        [--speed 1000] [--seconds 20] [--warmup 5] [--runs 3] [--out DIR] [-- EXTRA DAEMON ARGS]
#
# --speed multiplies the recording's own rate (SKAB rows are 1 s apart: 1000 = 1 kHz). Each run is
# a fresh start (state directory included); the figures are printed per run and as the median.
# Writes daemon.json in --out (default artifacts/bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
package="$repo/artifacts/edgeae-device-linux-x64.tar.gz"
bundle= data= speed=1000 seconds=20 warmup=5 runs=3 out="$repo/artifacts/bench"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$(realpath "$2"); shift 2 ;;
    --data) data=$(realpath "$2"); shift 2 ;;
    --package) package=$(realpath "$2"); shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n 2,18p "$0"; exit 0 ;;
    *) echo "daemon-bench: error: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$bundle" ] && [ -f "$bundle" ] || { echo "daemon-bench: error: --bundle B.onnx is required" >&2; exit 2; }
[ -n "$data" ] && [ -f "$data" ] || { echo "daemon-bench: error: --data NORMAL.csv is required" >&2; exit 2; }
[ -f "$package" ] || { echo "daemon-bench: error: $package not found (run ./publish.sh --rid linux-x64)" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
tar -xzf "$package" -C "$work"
app=$(echo "$work"/edgeae-device-linux-*)
tick=$(getconf CLK_TCK)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat"; }
# Sum and count of the inference histogram, and the windows scored, from one scrape.
scrape() {
  curl -sf "http://127.0.0.1:$port/metrics" | awk '
    /^edgeae_inference_seconds_sum / { s = $2 } /^edgeae_inference_seconds_count / { c = $2 }
    /^edgeae_windows_scored_total / { w = $2 } /^edgeae_frames_total / { f = $2 }
    /^edgeae_frames_dropped_total / { d = $2 }
    END { printf "%s %s %s %s %s\n", s, c, w, f, d }'
}
now_ms() { date +%s%3N; }
echo "daemon-bench: $(date -u +%FT%TZ) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "daemon-bench: $(basename "$bundle") on $(basename "$data") × $speed, ${warmup} s warm-up then ${seconds} s, $runs run(s)"
results=()
for run in $(seq 1 "$runs"); do
  state="$work/state-$run"; mkdir -p "$state"
  port=$(free_port)
  daemon=("$app/edgeae-device" --demo --Source:Kind Replay --Source:Path "$data" --Source:Speed "$speed" --Source:Loop true
    --Model:Path "$bundle" --Metrics:Enabled true --Metrics:Port "$port" --StatusLine:Seconds 0 "${extra[@]}")
  # Start to first score, on the demo (its simulator and bundle: no recording to parse first): a
  # first start (no optimized-model cache yet), then a start with the cache.
  demo=("$app/edgeae-device" --demo --Source:Speed 100 --Metrics:Enabled true --Metrics:Port "$port" --StatusLine:Seconds 0)
  read -r cold cold_window < <(STATE_DIRECTORY="$state/demo" "$here/first-score.py" "$port" "$work/cold-$run.log" "${demo[@]}")
  read -r warm warm_window < <(STATE_DIRECTORY="$state/demo" "$here/first-score.py" "$port" "$work/warm-$run.log" "${demo[@]}")
  # --demo only relaxes the fail-closed rules (simulated GPIO); the source and bundle are the ones given.
  STATE_DIRECTORY="$state" "${daemon[@]}" >"$work/daemon-$run.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do scrape >/dev/null 2>&1 && break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null || { cat "$work/daemon-$run.log"; echo "daemon-bench: FAIL: the daemon exited" >&2; exit 1; }
  sleep "$warmup"
  read -r s0 c0 w0 f0 d0 < <(scrape)
  t0=$(cpu_ticks); m0=$(now_ms)
  sleep "$seconds"
  read -r s1 c1 w1 f1 d1 < <(scrape)
  t1=$(cpu_ticks); m1=$(now_ms)
  rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
  # Anonymous (heaps, stacks, relocated data) against file-backed (mapped code and constants).
  anon_kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true; pid=
  line=$(python3 - "$s0" "$s1" "$c0" "$c1" "$w0" "$w1" "$f0" "$f1" "$d0" "$d1" "$t0" "$t1" "$m0" "$m1" "$tick" "$rss_kb" "$hwm_kb" "$anon_kb" "$cold" "$warm" "$warm_window" <<'PY'
import json, sys
s0, s1, c0, c1, w0, w1, f0, f1, d0, d1, t0, t1, m0, m1, tick, rss, hwm, anon, cold, warm, window = map(float, sys.argv[1:])
wall = (m1 - m0) / 1000
cpu = (t1 - t0) / tick
infer = s1 - s0
windows = w1 - w0
print(json.dumps({
    "windows_per_s": windows / wall, "frames_per_s": (f1 - f0) / wall, "dropped": d1 - d0,
    "cpu_core_fraction": cpu / wall, "inference_core_fraction": infer / wall,
    "inference_us_per_window": infer / max(windows, 1) * 1e6, "inference_calls": c1 - c0, "cpu_us_per_window": cpu / max(windows, 1) * 1e6,
    "ratio": cpu / infer if infer > 0 else float("nan"), "rss_mb": rss / 1024, "peak_rss_mb": hwm / 1024, "rss_anon_mb": anon / 1024,
    "first_score_ms_cold": cold, "first_score_ms": warm, "first_window_ms": window}))
PY
)
  results+=("$line")
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r["pct"]=r["cpu_core_fraction"]*100; r["ipct"]=r["inference_core_fraction"]*100; print("daemon-bench: run {run}: {windows_per_s:,.0f} windows/s, CPU {pct:.1f} % of a core, inference {ipct:.1f} % ({inference_us_per_window:.1f} us/window), daemon/inference {ratio:.2f}, RSS {rss_mb:.1f} MB (anonymous {rss_anon_mb:.1f}; peak {peak_rss_mb:.1f}), first score {first_score_ms:.0f} ms ({first_score_ms_cold:.0f} ms at the first start; first window of the simulator at 100× {first_window_ms:.0f} ms), {dropped:.0f} dropped".format(run=sys.argv[2], **r))' "$line" "$run"
done
printf '%s\n' "${results[@]}" | python3 -c '
import json, sys, statistics as st
rs = [json.loads(l) for l in sys.stdin if l.strip()]
med = {k: st.median(r[k] for r in rs) for k in rs[0]}
json.dump({"runs": rs, "median": med}, open(sys.argv[1], "w"), indent=1)
med["pct"] = med["cpu_core_fraction"] * 100; med["ipct"] = med["inference_core_fraction"] * 100
print("daemon-bench: median of {n}: CPU {pct:.1f} % of a core for {windows_per_s:,.0f} windows/s, inference {ipct:.1f} %, daemon/inference {ratio:.2f} (goal <= 2), RSS {rss_mb:.1f} MB (goal <= 40; anonymous {rss_anon_mb:.1f}), start to first score {first_score_ms:.0f} ms with the model cache, {first_score_ms_cold:.0f} ms without (goal <= 50; the demo), first simulator window {first_window_ms:.0f} ms".format(n=len(rs), **med))
' "$out/daemon.json"
echo "daemon-bench: wrote $out/daemon.json"
