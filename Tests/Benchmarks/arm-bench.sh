#!/usr/bin/env bash
# The --arm step of run-bench.sh (called by it; see there): instructions per window of the C++
# harness (raw ONNX Runtime, EdgeAE's session settings, one thread) on emulated Cortex cores.
#
#   arm-bench.sh --out DIR --cpus "cortex-a53 ..." --edgeae PATH [--ad01-clip CSV] [--daemon PKG.tar.gz]
#                --quantize FP32.onnx... [--as-is BUNDLE.onnx...]
#
# Every --quantize bundle also gets an int8 sibling (`edgeae quantize`, defaults) calibrated on
# synthetic sines with its channel count (weights are random anyway; ad01 on its shared clip);
# --as-is bundles are timed as they are. One VM boot per CPU (--icount --smp 1) times them all.
# --daemon PKG (the linux-arm64 package from ./publish.sh): the same boot also runs the AOT daemon
# end to end on the SKAB-shaped conv1d int8 bundle, replaying its 3,000-row calibration recording as
# fast as it can (Source:Speed 0; frames → health checks → queue → scorer → detector → journal), and
# prints its instructions per window (log timestamps of the "started" event and of "source ended",
# over the windows scored) against the harness's batch-1 figure for that bundle.
# env: ARM64_VM (the VM runner; default ../shared/tools/arm64-vm/run.sh above the repo),
#      ARM_ITERS (timed runs per batch size, default 40), ARM_TIMEOUT (seconds per boot, 3600).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="" cpus="" edgeae="" clip="" daemon_pkg="" quantize=() asis=() list=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --edgeae) edgeae=$2; shift 2 ;;
    --ad01-clip) clip=$2; shift 2 ;;
    --daemon) daemon_pkg=$2; shift 2 ;;
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
daemon_model=skab-conv1d-arch
if [ -n "$daemon_pkg" ]; then
  [ -f "$stage/$daemon_model.int8.onnx" ] || { echo "arm-bench: error: --daemon needs the $daemon_model bundle among --quantize" >&2; exit 2; }
  tar -xzf "$daemon_pkg" -C "$stage"
  mv "$stage"/edgeae-device-linux-arm64 "$stage/daemon"
  cp "$stage/$daemon_model.int8.onnx" "$stage/daemon/bench.onnx"
  # 30,000 frames of the same kind of sines, under the bundle's own channel names: ~1,000 windows at its hop.
  "$edgeae" inspect "$stage/daemon/bench.onnx" --json | python3 -c '
import json, math, random, sys
names = json.load(sys.stdin)["manifest"]["channels"]
random.seed(2)
with open(sys.argv[1], "w") as f:
    f.write(",".join(names) + "\n")
    for t in range(30000):
        f.write(",".join(f"{math.sin(t * 0.05 * (1 + i * 0.1) + i) + random.gauss(0, 0.1):.5f}" for i in range(len(names))) + "\n")
' "$stage/daemon/bench.csv"
fi

{
  for n in "${names[@]}"; do
    echo "echo '=== $n'"
    echo "./ort_harness $n.onnx --batch 8 --warmup 10 --iters $iters --min-ms 0"
  done
  if [ -n "$daemon_pkg" ]; then
    echo "echo '=== daemon'"
    echo "(cd daemon && STATE_DIRECTORY=/tmp/edgeae-state ./edgeae-device --demo --Source:Kind Replay --Source:Path bench.csv --Source:Speed 0 --Model:Path bench.onnx --StatusLine:Seconds 0 2>&1)"
  fi
  echo "echo '=== end'"
} > "$stage/arm-bench.sh"

echo "arm-bench: $(date -u +%FT%TZ): ${#names[@]} bundles on $cpus (emulated, --icount: instructions, not time)"
for cpu in $cpus; do
  start=$(date +%s)
  "$vm" --cpu "$cpu" --smp 1 --icount --timeout "${ARM_TIMEOUT:-3600}" $( [ -n "$daemon_pkg" ] && echo --deb libssl3 ) "$stage" -- sh ./arm-bench.sh > "$out/arm.$cpu.txt" 2>&1 \
    || { tail -20 "$out/arm.$cpu.txt"; echo "arm-bench: error: the $cpu run failed" >&2; exit 1; }
  echo "arm-bench: $cpu done ($(( $(date +%s) - start )) s of host time)"
done

python3 - "$out" "$daemon_model" $cpus <<'PY'
import json, re, sys
out, daemon_model, cpus = sys.argv[1], sys.argv[2], sys.argv[3:]
runs, daemon = {}, {}
def ms(stamp):
    h, m, s = stamp.split(":")
    return (int(h) * 3600 + int(m) * 60 + float(s)) * 1000
for cpu in cpus:
    text = open(f"{out}/arm.{cpu}.txt").read().replace("\r", "")
    for part in re.split(r"^=== ", text, flags=re.M)[1:]:
        name, _, body = part.partition("\n")
        if name.strip() == "daemon":
            # The guest clock counts instructions (1 ms = 1,000,000), so log timestamps time the stream.
            started = re.search(r"^(\d\d:\d\d:\d\d\.\d+) \S+ Events\[0\] #1 started", body, re.M)
            ended = re.search(r"^(\d\d:\d\d:\d\d\.\d+) .*source ended: (\d+) frames, (\d+) windows scored", body, re.M)
            if not (started and ended):
                print(f"arm-bench: the daemon's run on {cpu} printed no start/end lines:\n{body[-2000:]}", file=sys.stderr)
                sys.exit(1)
            frames, windows = int(ended.group(2)), int(ended.group(3))
            daemon[cpu] = {"frames": frames, "windows": windows, "instructions_per_window": round((ms(ended.group(1)) - ms(started.group(1))) * 1e6 / windows)}
            continue
        if name.strip() == "end" or "{" not in body: continue
        d = json.JSONDecoder().raw_decode(body[body.index("{"):])[0]
        # --icount: 1 ns of guest time = 1 instruction, so µs × 1000 = instructions.
        b1 = d["batch1"]["median_us"] * 1000
        b8 = d["batchB"]["per_window_median_us"] * 1000 if d.get("batchB") else None
        runs.setdefault(name.strip(), {})[cpu] = {"batch1": round(b1), "batch8_per_window": None if b8 is None else round(b8)}
json.dump({"unit": "instructions per window (qemu -icount shift=0, one thread)", "cpus": cpus, "bundles": runs, "daemon": daemon}, open(f"{out}/arm.json", "w"), indent=1)
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
if daemon:
    print()
    print(f"The AOT daemon end to end ({daemon_model}.int8, replay at full speed) against the harness at batch 1:")
    print("| core | frames per window (hop) | daemon instructions/window | harness instructions/window | daemon / harness |")
    print("|---|---:|---:|---:|---:|")
    for c in cpus:
        d, h = daemon.get(c), runs.get(f"{daemon_model}.int8", {}).get(c, {}).get("batch1")
        if d and h:
            print(f"| {short[c]} | {d['frames'] / d['windows']:.0f} | {d['instructions_per_window'] / 1000:,.0f} k | {h / 1000:,.0f} k | {d['instructions_per_window'] / h:.2f} |")
print(f"\narm-bench: wrote {out}/arm.json (emulated instruction counts: never a board's speed)")
PY
