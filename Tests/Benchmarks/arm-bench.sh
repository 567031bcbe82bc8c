#!/usr/bin/env bash
# The --arm step of run-bench.sh (called by it; see there): instructions per window of the C++
# harness (raw ONNX Runtime, EdgeAE's session settings, one thread) on emulated Cortex cores.
#
#   arm-bench.sh --out DIR --cpus "cortex-a53 ..." --edgeae PATH [--ad01-clip CSV]
#                --quantize FP32.onnx... [--as-is BUNDLE.onnx...]
#
# Every --quantize bundle also gets an int8 sibling (`edgeae quantize`, defaults) calibrated on
# synthetic sines with its channel count (weights are random anyway; ad01 on its shared clip);
# --as-is bundles are timed as they are. One VM boot per CPU (--icount --smp 1) times them all.
# env: ARM64_VM (the VM runner; default ../shared/tools/arm64-vm/run.sh above the repo),
#      ARM_ITERS (timed runs per batch size, default 40), ARM_TIMEOUT (seconds per boot, 3600).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="" cpus="" edgeae="" clip="" quantize=() asis=() list=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --edgeae) edgeae=$2; shift 2 ;;
    --ad01-clip) clip=$2; shift 2 ;;
    --quantize) list=q; shift ;;
    --as-is) list=a; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    -*) echo "arm-bench: error: unknown option '$1'" >&2; exit 2 ;;
    *) case "$list" in q) quantize+=("$1") ;; a) asis+=("$1") ;; *) echo "arm-bench: error: '$1' given before --quantize/--as-is" >&2; exit 2 ;; esac; shift ;;
  esac
done
[ -n "$out" ] && [ -n "$cpus" ] && [ -x "$edgeae" ] || { echo "arm-bench: error: --out, --cpus and --edgeae are required" >&2; exit 2; }
vm=${ARM64_VM:-}
if [ -z "$vm" ]; then
  d=$(dirname "$repo")
  while [ "$d" != / ] && [ ! -x "$d/shared/tools/arm64-vm/run.sh" ]; do d=$(dirname "$d"); done
  vm="$d/shared/tools/arm64-vm/run.sh"
fi
[ -x "$vm" ] || { echo "arm-bench: error: VM runner $vm not found (set ARM64_VM)" >&2; exit 2; }
iters=${ARM_ITERS:-40}

"$here/harness/build.sh" --rid linux-arm64
stage="$out/arm-stage"
rm -rf "$stage"; mkdir -p "$stage"
cp "$here/harness/bin/linux-arm64/ort_harness" "$here/harness/bin/linux-arm64/libonnxruntime.so" "$stage/"
ln -sf libonnxruntime.so "$stage/libonnxruntime.so.1"

names=()
add() { cp "$1" "$stage/$2.onnx"; names+=("$2"); }
for m in "${quantize[@]}"; do
  base=$(basename "$m" .onnx); base=${base%.fp32}
  add "$m" "$base.fp32"
  cal="$out/models/$base.calibration.csv"
  if [ "$base" = ad01 ] && [ -n "$clip" ]; then cal=$clip
  else
    # Sines at channel-dependent frequencies plus noise: plausible normal data for a random-weight model.
    channels=$("$edgeae" inspect "$m" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["manifest"]["channels"]))')
    python3 - "$channels" "$cal" <<'PY'
import math, random, sys
c, path = int(sys.argv[1]), sys.argv[2]
random.seed(1)
with open(path, "w") as f:
    f.write(",".join(f"c{i}" for i in range(c)) + "\n")
    for t in range(3000):
        f.write(",".join(f"{math.sin(t * 0.05 * (1 + i * 0.1) + i) + random.gauss(0, 0.1):.5f}" for i in range(c)) + "\n")
PY
  fi
  "$edgeae" quantize "$m" --calibration "$cal" -o "$out/models/$base.int8.onnx" --json > "$out/models/$base.int8.report.json"
  add "$out/models/$base.int8.onnx" "$base.int8"
done
for m in "${asis[@]}"; do add "$m" "$(basename "$m" .onnx)"; done

{
  for n in "${names[@]}"; do
    echo "echo '=== $n'"
    echo "./ort_harness $n.onnx --batch 8 --warmup 10 --iters $iters --min-ms 0"
  done
  echo "echo '=== end'"
} > "$stage/arm-bench.sh"

echo "arm-bench: $(date -u +%FT%TZ): ${#names[@]} bundles on $cpus (emulated, --icount: instructions, not time)"
for cpu in $cpus; do
  start=$(date +%s)
  "$vm" --cpu "$cpu" --smp 1 --icount --timeout "${ARM_TIMEOUT:-3600}" "$stage" -- sh ./arm-bench.sh > "$out/arm.$cpu.txt" 2>&1 \
    || { tail -20 "$out/arm.$cpu.txt"; echo "arm-bench: error: the $cpu run failed" >&2; exit 1; }
  echo "arm-bench: $cpu done ($(( $(date +%s) - start )) s of host time)"
done

python3 - "$out" $cpus <<'PY'
import json, re, sys
out, cpus = sys.argv[1], sys.argv[2:]
runs = {}
for cpu in cpus:
    text = open(f"{out}/arm.{cpu}.txt").read().replace("\r", "")
    for part in re.split(r"^=== ", text, flags=re.M)[1:]:
        name, _, body = part.partition("\n")
        if name.strip() == "end" or "{" not in body: continue
        d = json.JSONDecoder().raw_decode(body[body.index("{"):])[0]
        # --icount: 1 ns of guest time = 1 instruction, so µs × 1000 = instructions.
        b1 = d["batch1"]["median_us"] * 1000
        b8 = d["batchB"]["per_window_median_us"] * 1000 if d.get("batchB") else None
        runs.setdefault(name.strip(), {})[cpu] = {"batch1": round(b1), "batch8_per_window": None if b8 is None else round(b8)}
json.dump({"unit": "instructions per window (qemu -icount shift=0, one thread)", "cpus": cpus, "bundles": runs}, open(f"{out}/arm.json", "w"), indent=1)
short = {c: c.replace("cortex-", "").upper() for c in cpus}
print("| model | precision | " + " | ".join(f"{short[c]} batch 1 | {short[c]} batch 8 /window" for c in cpus) + " |")
print("|---|---|" + "---:|---:|" * len(cpus))
def k(v): return "-" if v is None else f"{v / 1000:,.0f} k"
for name, r in runs.items():
    model, _, prec = name.rpartition(".")
    if not model: model, prec = name, "?"
    print(f"| {model} | {prec} | " + " | ".join(f"{k(r.get(c, {}).get('batch1'))} | {k(r.get(c, {}).get('batch8_per_window'))}" for c in cpus) + " |")
print()
print("int8 / fp32 instructions per window:")
print("| model | " + " | ".join(f"{short[c]} batch 1 | {short[c]} batch 8" for c in cpus) + " |")
print("|---|" + "---:|---:|" * len(cpus))
for name, r in runs.items():
    model, _, prec = name.rpartition(".")
    if prec != "int8" or f"{model}.fp32" not in runs: continue
    f = runs[f"{model}.fp32"]
    def ratio(c, key):
        a, b = r.get(c, {}).get(key), f.get(c, {}).get(key)
        return "-" if not a or not b else f"{a / b:.2f}"
    print(f"| {model} | " + " | ".join(f"{ratio(c, 'batch1')} | {ratio(c, 'batch8_per_window')}" for c in cpus) + " |")
print(f"\narm-bench: wrote {out}/arm.json (emulated instruction counts: never a board's speed)")
PY
