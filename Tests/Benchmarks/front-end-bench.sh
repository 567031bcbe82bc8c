#!/usr/bin/env bash
# The front-ends step of run-bench.sh (--front-ends; see there): what one window of the spectrum and
# logmel front ends costs where the daemon runs it, as Native AOT linux-arm64 code.
#
#   front-end-bench.sh --out DIR --edgeae PATH [--cpus "cortex-a53 cortex-a72 cortex-a76"] [--optimize Size|Speed]
#
# Writes three bundles (ad01 imported from ../shared with the logmel front end; two dense AEs trained
# 1 epoch on synthetic 3-axis vibration with a linear-band and a third-octave spectrum front end: the
# weights do not matter, the front end's cost does not depend on them), AOT-publishes
# Tests/Benchmarks/FrontEndBench (the Runtime's FrontEnd.Transform in a timing loop, compiled with the
# daemon's code-generation settings; the daemon's package gains 0 B) for linux-x64 and linux-arm64,
# runs it JIT and AOT on this host (time) and in one boot per CPU of
# ../shared/tools/arm64-vm/run.sh --icount --smp 1, where 1 ns of guest time is 1 executed
# instruction: instructions per window on that core model, never a board's time; each figure once for
# a window computed afresh and once on a stream of windows sliding by the bundle's hop. Each run also
# compares its features of the same synthetic window with the x64 JIT run's (edgeae's offline path).
# --optimize Speed publishes with OptimizationPreference=Speed instead of the daemon's Size.
# env: ARM64_VM (the VM runner; default ../shared/tools/arm64-vm/run.sh above the repo).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="" edgeae="" cpus="cortex-a53 cortex-a72 cortex-a76" optimize=Size
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --edgeae) edgeae=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --optimize) optimize=$2; shift 2 ;;
    -h|--help) sed -n 2,18p "$0"; exit 0 ;;
    *) echo "front-end-bench: error: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] && [ -x "$edgeae" ] || { echo "front-end-bench: error: --out and --edgeae are required" >&2; exit 2; }
case "$optimize" in Size|Speed) ;; *) echo "front-end-bench: error: --optimize must be Size or Speed" >&2; exit 2 ;; esac
shared=$(dirname "$repo"); while [ "$shared" != / ] && [ ! -d "$shared/shared/models" ]; do shared=$(dirname "$shared"); done
vm=${ARM64_VM:-$shared/shared/tools/arm64-vm/run.sh}
[ -x "$vm" ] || { echo "front-end-bench: error: VM runner $vm not found (set ARM64_VM)" >&2; exit 2; }
work="$out/front-ends"
rm -rf "$work"; mkdir -p "$work/bundles" "$work/stage/reference"

# --- bundles ---------------------------------------------------------------------------------------
names=()
ad01="$shared/shared/models/mlperf-tiny-ad01/ad01.h5"
if [ -f "$ad01" ]; then
  "$edgeae" convert "$ad01" --front-end logmel --channels 1 --channel-names mic --layout flat -o "$work/bundles/ad01-logmel.onnx" >/dev/null
  names+=(ad01-logmel)
else
  echo "front-end-bench: note: $ad01 not found: no logmel row" >&2
fi
python3 - "$work/vib.csv" <<'PY'
import math, random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    f.write("x,y,z\n")
    for t in range(6000):
        f.write(",".join(f"{math.sin(2 * math.pi * 50 * (1 + i * 0.5) * t / 3200) + random.gauss(0, 0.1):.5f}" for i in range(3)) + "\n")
PY
"$edgeae" train --data "$work/vib.csv" --arch dense --window 256 --epochs 1 \
  --front-end spectrum:sample_rate=3200,n_fft=64,bands=linear,band_count=8 -o "$work/bundles/vib-linear8.onnx" >/dev/null
"$edgeae" train --data "$work/vib.csv" --arch dense --window 1024 --epochs 1 \
  --front-end spectrum:sample_rate=3200,n_fft=256,bands=octave,octave_fraction=3,fmin=100 -o "$work/bundles/vib-octave3.onnx" >/dev/null
names+=(vib-linear8 vib-octave3)
cp "$work"/bundles/*.onnx "$work/stage/"

# --- the tool, AOT, for both architectures -------------------------------------------------------
for rid in linux-x64 linux-arm64; do
  dotnet publish "$here/FrontEndBench/FrontEndBench.csproj" -c Release -r "$rid" -o "$work/$rid" \
    -p:OptimizationPreference="$optimize" -nologo -clp:NoSummary > "$work/publish.$rid.log" 2>&1 \
    || { tail -20 "$work/publish.$rid.log"; echo "front-end-bench: error: publishing for $rid failed" >&2; exit 1; }
done
cp "$work/linux-arm64/front-end-bench" "$work/stage/"

# --- runs ------------------------------------------------------------------------------------------
bundles=(); for n in "${names[@]}"; do bundles+=("$work/bundles/$n.onnx"); done
echo "front-end-bench: $(date -u +%FT%TZ) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The JIT run is the reference: what edgeae computes offline (train, calibrate, score).
dotnet "$here/FrontEndBench/bin/Release/net10.0/linux-x64/front-end-bench.dll" "${bundles[@]}" --dump "$work/stage/reference" > "$work/x64-jit.jsonl"
"$work/linux-x64/front-end-bench" "${bundles[@]}" --reference "$work/stage/reference" > "$work/x64-aot.jsonl"
for cpu in $cpus; do
  # shellcheck disable=SC2086  # names are words
  "$vm" --cpu "$cpu" --smp 1 --icount --timeout 1800 "$work/stage" -- ./front-end-bench $(printf '%s.onnx ' "${names[@]}") --reference reference \
    > "$work/$cpu.txt" 2>&1 || { tail -20 "$work/$cpu.txt"; echo "front-end-bench: error: the $cpu run failed" >&2; exit 1; }
  grep '^{' "$work/$cpu.txt" | tr -d '\r' > "$work/$cpu.jsonl"
done

python3 - "$work" "$optimize" $cpus <<'PY'
import json, sys
work, optimize, cpus = sys.argv[1], sys.argv[2], sys.argv[3:]
def load(name): return {r["bundle"]: r for r in map(json.loads, open(f"{work}/{name}.jsonl"))}
jit, aot, arm = load("x64-jit"), load("x64-aot"), {c: load(c) for c in cpus}
short = {c: c.replace("cortex-", "").upper() for c in cpus}
json.dump({"unit": "ns per window on x64; instructions per window on the emulated cores (qemu -icount shift=0)", "optimize": optimize,
           "x64_jit": jit, "x64_aot": aot, "emulated": arm}, open(f"{work}/front-ends.json", "w"), indent=1)
print(f"Front ends, one window, Native AOT (OptimizationPreference={optimize}):")
print("Each cell: a window computed afresh / a stream of windows sliding by the bundle's hop.")
print("| bundle | front end | window × channels → values | x64 JIT µs | x64 AOT µs | " + " | ".join(f"{short[c]} instructions" for c in cpus) + " |")
print("|---|---|---|---:|---:|" + "---:|" * len(cpus))
def pair(r, scale, fmt): return f"{format(r['ns_per_window_median'] / scale, fmt)} / {format(r['ns_per_window_stream'] / scale, fmt)}"
for name, r in jit.items():
    cells = [pair(arm[c][name], 1000, ",.0f").replace(" /", " k /") + " k" if name in arm[c] else "-" for c in cpus]
    print(f"| {name} | {r['front_end']} | {r['window']} × {r['channels']} → {r['values']} | {pair(r, 1000, '.1f')} | {pair(aot[name], 1000, '.1f')} | " + " | ".join(cells) + " |")
print()
print("Features of the same synthetic window against the x64 JIT run (values not bit-identical / of all, largest relative gap):")
print("| bundle | x64 AOT | " + " | ".join(short[c] for c in cpus) + " |")
print("|---|---|" + "---|" * len(cpus))
def gap(r): return f"{r['unequal_to_reference']} / {r['values']}, {r['max_rel_diff']:.2g}"
for name, r in jit.items():
    print(f"| {name} | {gap(aot[name])} | " + " | ".join(gap(arm[c][name]) if name in arm[c] else "-" for c in cpus) + " |")
print(f"\nfront-end-bench: wrote {work}/front-ends.json (emulated instruction counts: never a board's speed)")
PY
