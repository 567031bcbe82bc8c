#!/usr/bin/env bash
# Fleet scale benchmark (not part of CI): N simulated boards (`edgeae fleet simulate`, one MQTT
# connection and Sparkplug session each, payloads built by the daemon's code) publish telemetry to one
# mosquitto on loopback while `edgeae fleet` watches the group. Prints messages/s, publish-to-receive
# latency percentiles (payload timestamp, ms resolution, same clock) and CPU of broker and watcher.
#
#   Tests/Benchmarks/fleet-bench.sh [--boards 200] [--rate 1] [--seconds 60]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
boards=200 rate=1 seconds=60
while [ $# -gt 0 ]; do
  case "$1" in
    --boards) boards=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "fleet-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/sbin/mosquitto ] || { echo "fleet-bench: needs mosquitto (apt-get install mosquitto)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build "$repo/Export/EdgeAE.Export.csproj" -c Release -nologo -v q >/dev/null
edgeae="$repo/Export/bin/Release/net10.0/edgeae"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mosquitto_passwd -b -c "$work/passwords" bench bench-secret
echo bench-secret > "$work/password"
cat > "$work/mosquitto.conf" <<CONF
user root
allow_anonymous false
password_file $work/passwords
max_queued_messages 100000
listener $port 127.0.0.1
CONF
/usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/broker.log" 2>&1 &
broker=$!; pids+=("$broker")
sleep 0.5
login=(--broker "mqtt://127.0.0.1:$port" --group bench --username bench --password-file "$work/password")

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, clock ticks
hz=$(getconf CLK_TCK)
"$edgeae" fleet "${login[@]}" --for $((seconds + 8)) --stats >"$work/watch.out" 2>&1 &
watcher=$!; pids+=("$watcher")
sleep 2
b0=$(cpu "$broker"); w0=$(cpu "$watcher"); t0=$(date +%s.%N)
"$edgeae" fleet simulate "${login[@]}" --boards "$boards" --rate "$rate" --seconds "$seconds" >"$work/sim.out"
b1=$(cpu "$broker"); w1=$(cpu "$watcher"); t1=$(date +%s.%N)
wait "$watcher" || true
elapsed=$(python3 -c "print($t1 - $t0)")
echo "fleet-bench: $boards boards x $rate msg/s for $seconds s, mosquitto $(dpkg-query -W -f='${Version}' mosquitto) on loopback, $(nproc) cores"
echo "simulator: $(cat "$work/sim.out")"
echo "watcher:   $(tail -1 "$work/watch.out")"
python3 - "$b0" "$b1" "$w0" "$w1" "$hz" "$elapsed" <<'PY'
import sys
b0,b1,w0,w1,hz,el=map(float,sys.argv[1:])
print(f"cpu: broker {100*(b1-b0)/hz/el:.1f} % of one core, watcher {100*(w1-w0)/hz/el:.1f} % of one core over {el:.1f} s")
PY
