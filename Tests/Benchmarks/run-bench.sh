#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: builds the C++ harness and `edgeae`, writes the random-weight bench
# bundles, imports MLPerf Tiny ad01 from ../shared, and runs `edgeae bench latency` on them plus
# any bundles given (trained SKAB conv1d, the int8 variants...). Prints the table and writes the JSON beside it.
# Then the quantizer-settings table on ad01 (what `edgeae quantize`'s defaults were chosen from).
#
#   Tests/Benchmarks/run-bench.sh [--out DIR] [--threads N] [BUNDLE.onnx...]   (default DIR: artifacts/bench)
#   Tests/Benchmarks/run-bench.sh --arm [--cpus "cortex-a53 cortex-a72 cortex-a76"] [--out DIR] [BUNDLE.onnx...]
#   Tests/Benchmarks/run-bench.sh --daemon [--out DIR]
#   Tests/Benchmarks/run-bench.sh --front-ends [--cpus "cortex-a53 cortex-a72 cortex-a76"] [--out DIR]
#   Tests/Benchmarks/run-bench.sh --learn [--cpus "cortex-a53 cortex-a76"] [--rows "1000 2000 9405"] [--out DIR]
#
# --arm, instead of the x64 run: quantizes every benchmark model (edgeae quantize, defaults; ad01 on
# the shared clip, the random-weight models on synthetic sines), cross-builds the harness for
# linux-arm64 and runs it, one thread, batch 1 and 8, on each emulated CPU under
# ../shared/tools/arm64-vm/run.sh --icount --smp 1 (one boot per CPU). The guest clock then counts
# instructions (1 ns = 1 instruction), so the table is instructions per window on that core
# model's code path: a proxy for comparing variants, never a board's time. Writes arm.json. With
# artifacts/edgeae-device-linux-arm64.tar.gz present (./publish.sh --rid linux-arm64) the boots also
# run the AOT daemon end to end and print its instructions per window against the harness's.
#
# --daemon, instead: what the x64 AOT daemon costs beyond its inference at 1 kHz × 8 channels, hop 1
# (daemon-bench.sh on artifacts/edgeae-device-linux-x64.tar.gz): trains the SKAB conv1d on
# anomaly-free.csv, quantizes and calibrates it, then CPU, inference, RSS and start-up from one run.
#
# --front-ends, instead: the spectrum and logmel front ends' cost per window as Native AOT code
# (front-end-bench.sh): time on this host, instructions per window on each emulated CPU.
#
# --learn, instead: peak RSS (and epoch seconds / instructions) of the --learn package learning a first
# model from anomaly-free.csv (learn-bench.sh) on artifacts/edgeae-device-linux-x64.tar.gz and
# -linux-arm64.tar.gz, whichever exist (./publish.sh --rid ... --learn), the arm64 one on each emulated CPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$repo/artifacts/bench"
threads=1
arm=0
daemon=0
front_ends=0
learn=0
rows="1000 2000 9405"
cpus="cortex-a53 cortex-a72 cortex-a76"
bundles=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --arm) arm=1; shift ;;
    --daemon) daemon=1; shift ;;
    --front-ends) front_ends=1; shift ;;
    --learn) learn=1; shift ;;
    --rows) rows=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    -h|--help) sed -n 2,31p "$0"; exit 0 ;;
    *) bundles+=("$1"); shift ;;
  esac
done
mkdir -p "$out/models"
shared=$(dirname "$repo"); while [ "$shared" != / ] && [ ! -d "$shared/shared/models" ]; do shared=$(dirname "$shared"); done
if [ $daemon -eq 1 ]; then
  dotnet build "$repo/Export/EdgeAE.Export.csproj" -c Release -nologo -v q -clp:NoSummary
  edgeae="$repo/Export/bin/Release/net10.0/edgeae"
  normal="$shared/shared/data/skab/anomaly-free/anomaly-free.csv"
  m="$out/models/skab-conv1d"
  "$edgeae" train --data "$normal" -o "$m.fp32.onnx" >/dev/null
  "$edgeae" quantize "$m.fp32.onnx" --calibration "$normal" -o "$m.int8.onnx" >/dev/null
  "$edgeae" calibrate "$m.int8.onnx" --normal "$normal" -o "$m.int8.onnx" >/dev/null
  exec "$here/daemon-bench.sh" --bundle "$m.int8.onnx" --data "$normal" --out "$out"
fi
if [ $learn -eq 1 ]; then
  [ "$cpus" = "cortex-a53 cortex-a72 cortex-a76" ] && cpus="cortex-a53 cortex-a76"
  found=0
  for rid in linux-x64 linux-arm64; do
    p="$repo/artifacts/edgeae-device-$rid.tar.gz"
    [ -f "$p" ] || continue
    found=1
    "$here/learn-bench.sh" --package "$p" --rows "$rows" --cpus "$cpus" --out "$out"
  done
  [ $found -eq 1 ] || { echo "run-bench: error: no artifacts/edgeae-device-linux-{x64,arm64}.tar.gz: ./publish.sh --rid linux-x64 --learn first" >&2; exit 2; }
  exit 0
fi
if [ $front_ends -eq 1 ]; then
  dotnet build "$repo/Export/EdgeAE.Export.csproj" -c Release -nologo -v q -clp:NoSummary
  exec "$here/front-end-bench.sh" --out "$out" --cpus "$cpus" --edgeae "$repo/Export/bin/Release/net10.0/edgeae"
fi
[ $arm -eq 1 ] || "$here/harness/build.sh" --rid "$( [ "$(uname -m)" = aarch64 ] && echo linux-arm64 || echo linux-x64 )"
dotnet build "$repo/Export/EdgeAE.Export.csproj" -c Release -nologo -v q -clp:NoSummary
edgeae="$repo/Export/bin/Release/net10.0/edgeae"
mapfile -t generated < <("$edgeae" bench models --out "$out/models" --json | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["bundles"]))')
# The real MLPerf Tiny ad01, imported from the shared Keras file (never copied into the repo).
ad01="$shared/shared/models/mlperf-tiny-ad01/ad01.h5"
if [ -f "$ad01" ]; then
  "$edgeae" convert "$ad01" --window 5 --channels 128 --layout flat -o "$out/models/ad01.fp32.onnx" >/dev/null
  generated+=("$out/models/ad01.fp32.onnx")
else
  echo "run-bench: note: $ad01 not found: benchmarking without the imported MLPerf ad01" >&2
fi
all=("${generated[@]}" "${bundles[@]}")
if [ $arm -eq 1 ]; then
  clip="$shared/shared/models/mlperf-tiny-ad01/clip_normal_id_01_00000000.csv"
  arm_pkg="$repo/artifacts/edgeae-device-linux-arm64.tar.gz"
  daemon_args=()
  if [ -f "$arm_pkg" ]; then daemon_args=(--daemon "$arm_pkg")
  else echo "run-bench: note: no $arm_pkg (./publish.sh --rid linux-arm64): the daemon's end-to-end row is skipped" >&2; fi
  exec "$here/arm-bench.sh" --out "$out" --cpus "$cpus" --edgeae "$edgeae" --ad01-clip "$clip" "${daemon_args[@]}" --quantize "${generated[@]}" --as-is "${bundles[@]}"
fi
echo "run-bench: $(date -u +%FT%TZ) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$edgeae" bench latency "${all[@]}" --threads "$threads" --json > "$out/latency.json"
echo "run-bench: wrote $out/latency.json"
python3 - "$out/latency.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(d["machine"])
print("| model | precision | MFLOP/window | EdgeAE µs | C++ harness µs | ratio | B=8 µs/window EdgeAE / harness | pipeline hop 1 samples/s | pipeline ratio | pipeline hop W/2 samples/s | B/window | file KB |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for m in d["models"]:
    f = "?" if m["flops"] is None else f'{m["flops"] / 1e6:.2f}'
    b = "-" if m["edgeae_batch_per_window_us"] is None else f'{m["edgeae_batch_per_window_us"]:.2f} / {m["harness_batch_per_window_us"]:.2f}'
    print(f'| {m["name"]} | {m["precision"]} | {f} | {m["edgeae_us"]:.2f} | {m["harness_us"]:.2f} | {m["ratio"]:.3f} | {b} | {m["pipeline_samples_per_s_hop1"]:,.0f} | {m["pipeline_ratio"]:.3f} | {m["pipeline_samples_per_s_hop_half"]:,.0f} (hop {m["pipeline_hop_half"]}) | {m["bytes_per_window"]:g} | {m["file_bytes"] / 1024:.1f} |')
PY

# Quantizer settings on the real ad01 and its clip (measurements, not tests: they print, they assert nothing).
if [ -f "$ad01" ]; then
  clip="$(dirname "$ad01")/clip_normal_id_01_00000000.csv"
  echo
  echo "| ad01 setting | int8/fp32 size | mean score rel. error | window rel. error p99 | Spearman | µs fp32 → int8 |"
  echo "|---|---:|---:|---:|---:|---|"
  for setting in "default:" "moving-average:--moving-average" "percentile 99.99:--method percentile" "entropy:--method entropy" \
      "per-tensor:--per-tensor" "output layer int8:--output-layer quantize" "headroom 1:--headroom 1" "headroom 1.5:--headroom 1.5"; do
    name=${setting%%:*}; flags=${setting#*:}
    # shellcheck disable=SC2086  # flags are words
    "$edgeae" quantize "$out/models/ad01.fp32.onnx" --calibration "$clip" --validate "$clip" $flags \
      -o "$out/models/ad01.int8.onnx" --json > "$out/quantize.json"
    python3 - "$out/quantize.json" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d.get("validation", d)
print(f'| {sys.argv[2]} | {r["size_ratio"]:.3f} | {r["mean_score_rel_error"]:.5f} | {r["window_rel_error_p99"]:.5f} | {r["spearman"]:.5f} | {r["latency_us_fp32"]:.1f} → {r["latency_us_int8"]:.1f} |')
PY
  done
fi
