#!/usr/bin/env bash
# Proves the linux-x64 package runs: unpacks it in a temp dir, runs the daemon's demo (--demo:
# simulator source, simulated GPIO, demo bundle; without --demo they are refused with exit 78) for DEMO_SECONDS, checks that alerts
# appear in its output, sends SIGTERM and checks a clean exit. Also runs `edgeae-device --self-test`,
# records the start-up cost (time to the first output line and to the first alert, RSS), checks
# the systemd notify handshake (READY=1, then STOPPING=1 on SIGTERM) of the AOT binary, and its plant
# link: Sparkplug births and data to a mosquitto on loopback, the /metrics endpoint, NDEATH on SIGTERM.
#
#   scripts/test-package-x64.sh [PACKAGE.tar.gz]   (default: artifacts/edgeae-device-linux-x64.tar.gz)
#   env: DEMO_SECONDS (default 15), ALERT_REGEX (default: "(ALARM|WARNING) raised" — a detector event, not a GPIO init line),
#        SELFTEST_OUT=FILE (keep the self-test output, e.g. for test-arm64-vm.sh),
#        DEMO_ARGS (extra daemon arguments, e.g. configuration overrides for a 1 kHz × 8-channel load)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
package=${1:-$repo/artifacts/edgeae-device-linux-x64.tar.gz}
seconds=${DEMO_SECONDS:-15}
alert_regex=${ALERT_REGEX:-(ALARM|WARNING) raised}
[ -f "$package" ] || { echo "test-package-x64: error: $package not found (run ./publish.sh --rid linux-x64)" >&2; exit 2; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
tar -xzf "$package" -C "$work"
app="$work/edgeae-device-linux-x64"
[ -x "$app/edgeae-device" ] || { echo "test-package-x64: error: no edgeae-device in $package" >&2; exit 1; }
cd "$app"
now_ms() { date +%s%3N; }

# install.sh into a scratch root (EDGEAE_ROOT): files land where they should, and a second install
# keeps an edited configuration.
echo "test-package-x64: install.sh into a scratch root"
EDGEAE_ROOT="$work/root" ./install.sh --no-start >"$work/install.txt"
[ -x "$work/root/opt/edgeae/edgeae-device" ] && [ -f "$work/root/opt/edgeae/libonnxruntime.so" ] \
  || { echo "test-package-x64: FAIL: install.sh did not install the binary and libonnxruntime.so"; exit 1; }
# Fail closed: the installed configuration is an example to complete; install.sh says so and names the key.
grep -q "configuration INCOMPLETE" "$work/install.txt" && grep -q "install.sh:   edgeae-device: " "$work/install.txt" \
  || { cat "$work/install.txt"; echo "test-package-x64: FAIL: install.sh did not report the incomplete configuration"; exit 1; }
set +e
EDGEAE_CONFIG="$work/root/etc/edgeae/appsettings.json" STATE_DIRECTORY="$work/root/var/lib/edgeae" "$work/root/opt/edgeae/edgeae-device" --check-config >/dev/null 2>"$work/check.txt"
check_rc=$?
set -e
[ "$check_rc" -eq 78 ] || { cat "$work/check.txt"; echo "test-package-x64: FAIL: --check-config on the fresh install exited $check_rc, expected 78"; exit 1; }
echo "test-package-x64: fresh install refuses to run until completed: $(tail -1 "$work/check.txt")"
echo '{"edited": true}' >"$work/root/etc/edgeae/appsettings.json"
EDGEAE_ROOT="$work/root" ./install.sh --no-start >/dev/null
grep -q edited "$work/root/etc/edgeae/appsettings.json" || { echo "test-package-x64: FAIL: install.sh overwrote an existing appsettings.json"; exit 1; }
# Without --demo the package's embedded defaults (simulator, demo bundle, simulated GPIO) do not run.
set +e
./edgeae-device >/dev/null 2>"$work/nodemo.txt"
nodemo_rc=$?
set -e
[ "$nodemo_rc" -eq 78 ] && grep -q "config error: Source:Kind: Simulator is the demo" "$work/nodemo.txt" \
  || { cat "$work/nodemo.txt"; echo "test-package-x64: FAIL: without --demo the simulator ran (exit $nodemo_rc)"; exit 1; }

echo "test-package-x64: self-test"
if ! ./edgeae-device --self-test >"$work/selftest.txt" 2>&1; then
  cat "$work/selftest.txt"; echo "test-package-x64: FAIL: --self-test exited non-zero"; exit 1
fi
cat "$work/selftest.txt"
[ -n "${SELFTEST_OUT:-}" ] && cp "$work/selftest.txt" "$SELFTEST_OUT"

echo "test-package-x64: demo for ${seconds}s"
start=$(now_ms)
# shellcheck disable=SC2086 # DEMO_ARGS is a list of arguments
# Simulated time runs 10× faster by default so the demo's injected faults (every 60 s) fall inside the run.
# A home of its own: ONNX Runtime's telemetry (off, see Runtime/Inference/OrtTelemetryOptOut.cs) would leave a cache in it.
mkdir -p "$work/home"
HOME="$work/home" ./edgeae-device --demo ${DEMO_ARGS:---Source:Speed 10} >"$work/demo.log" 2>&1 &
pid=$!
first_line= first_alert= rss_kb= cpu0= cpu0_ms=
deadline=$((start + seconds * 1000))
# CPU time (user + system clock ticks) of the daemon, from /proc/PID/stat fields 14 and 15.
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat"; }
while [ "$(now_ms)" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do
  [ -z "$first_line" ] && [ -s "$work/demo.log" ] && first_line=$(( $(now_ms) - start ))
  [ -z "$first_alert" ] && grep -Eqi "$alert_regex" "$work/demo.log" && first_alert=$(( $(now_ms) - start ))
  # Steady-state CPU is measured from 3 s in (start-up and model load excluded) to the end.
  if [ -z "$cpu0" ] && [ $(( $(now_ms) - start )) -ge 3000 ]; then cpu0=$(cpu_ticks); cpu0_ms=$(now_ms); fi
  sleep 0.05
done
if ! kill -0 "$pid" 2>/dev/null; then
  wait "$pid" && rc=0 || rc=$?
  pid=
  cat "$work/demo.log"; echo "test-package-x64: FAIL: the demo exited by itself (exit $rc) before ${seconds}s"; exit 1
fi
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
# The demo needs no TLS and no signature: its hashes are managed (Runtime/Bundles/Sha256.cs), so
# OpenSSL (3.7 MB of RSS, its load and configuration at every start) must not be loaded.
openssl_maps=$(grep -E 'lib(ssl|crypto)\.so' "/proc/$pid/maps" | awk '{ print $6 }' | sort -u | tr '\n' ' ' || true)
cpu_pct=?
if [ -n "$cpu0" ]; then
  cpu_pct=$(awk -v t="$(( $(cpu_ticks) - cpu0 ))" -v hz="$(getconf CLK_TCK)" -v ms="$(( $(now_ms) - cpu0_ms ))" 'BEGIN { printf "%.1f", (ms > 0 ? 100 * t / hz / (ms / 1000) : 0) }')
fi
kill -TERM "$pid"
rc=0
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  tail -20 "$work/demo.log"; echo "test-package-x64: FAIL: still running 10 s after SIGTERM"; exit 1
fi
wait "$pid" || rc=$?
pid=
tail -n 15 "$work/demo.log"
alerts=$(grep -Eci "$alert_regex" "$work/demo.log" || true)
echo "test-package-x64: first output after ${first_line:-?} ms, first alert after ${first_alert:-?} ms, RSS after ${seconds}s $(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MB, CPU ${cpu_pct}% of one core after 3 s, $alerts alert line(s), exit $rc after SIGTERM"
[ "$alerts" -gt 0 ] || { echo "test-package-x64: FAIL: no alert in ${seconds}s of demo output (regex '$alert_regex')"; exit 1; }
[ "$rc" -eq 0 ] || { echo "test-package-x64: FAIL: exit status $rc after SIGTERM (expected 0)"; exit 1; }
if [ -e "$work/home/.cache/Microsoft/DeveloperTools/.onnxruntime" ]; then
  ls -la "$work/home/.cache/Microsoft/DeveloperTools/.onnxruntime"
  echo "test-package-x64: FAIL: ONNX Runtime's telemetry wrote a device id / event cache (ORT_DISABLE_TELEMETRY not in effect)"; exit 1
fi
echo "test-package-x64: no ONNX Runtime telemetry cache or device id was written"
[ -z "$openssl_maps" ] || { echo "test-package-x64: FAIL: the demo loaded OpenSSL ($openssl_maps) though nothing it runs needs it"; exit 1; }
echo "test-package-x64: OpenSSL was not loaded"

# The Type=notify handshake of the AOT binary: Microsoft.Extensions' systemd lifetime only speaks
# when the parent process is named "systemd", so the daemon runs under a shell reached through a
# symlink of that name, and a perl datagram listener stands in for systemd's NOTIFY_SOCKET.
echo "test-package-x64: sd_notify handshake"
notify="$work/notify"; mkdir -p "$notify"
ln -s /bin/sh "$notify/systemd"
perl -MIO::Socket::UNIX -e '
  my ($path, $log) = @ARGV;
  my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $path) or die "listen $path: $!\n";
  open(my $out, ">>", $log) or die; $out->autoflush(1);
  my $deadline = time + 60;
  while (time < $deadline) {
    my $rin = ""; vec($rin, fileno($s), 1) = 1;
    next unless select($rin, undef, undef, 1) > 0;
    my $msg; $s->recv($msg, 4096); print $out "$msg\n";
    last if $msg =~ /^STOPPING=1$/m;
  }' "$notify/sock" "$notify/messages" &
listener=$!
for _ in $(seq 50); do [ -S "$notify/sock" ] && break; sleep 0.1; done
NOTIFY_SOCKET="$notify/sock" "$notify/systemd" -c './edgeae-device --demo --Source:Speed 10 >"$0/daemon.log" 2>&1 & echo $! >"$0/pid"; wait $!' "$notify" &
shell=$!
ready=
for _ in $(seq 200); do grep -qx "READY=1" "$notify/messages" 2>/dev/null && { ready=1; break; }; sleep 0.1; done
[ -s "$notify/pid" ] && kill -TERM "$(cat "$notify/pid")" 2>/dev/null || true
wait "$shell" && src=0 || src=$?
wait "$listener" 2>/dev/null || true
[ -n "$ready" ] || { cat "$notify/daemon.log"; echo "test-package-x64: FAIL: no READY=1 on NOTIFY_SOCKET within 20 s"; exit 1; }
grep -qx "STOPPING=1" "$notify/messages" || { cat "$notify/messages"; echo "test-package-x64: FAIL: no STOPPING=1 after SIGTERM"; exit 1; }
[ "$src" -eq 0 ] || { echo "test-package-x64: FAIL: exit status $src after SIGTERM under the notify handshake"; exit 1; }
echo "test-package-x64: READY=1 and STOPPING=1 received, exit 0"

# The plant link in the AOT binary (MQTTnet, TLS stack, Google.Protobuf under trimming): a plain
# anonymous mosquitto on a free loopback port, mosquitto_sub as the plant.
echo "test-package-x64: MQTT / Sparkplug B and /metrics"
command -v mosquitto_sub >/dev/null && [ -x /usr/sbin/mosquitto ] \
  || { echo "test-package-x64: FAIL: needs mosquitto and mosquitto-clients (apt-get install mosquitto mosquitto-clients)"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mport=$(free_port); hport=$(free_port)
printf 'user root\nallow_anonymous true\nlistener %s 127.0.0.1\n' "$mport" >"$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker=$!
sleep 0.5
mosquitto_sub -h 127.0.0.1 -p "$mport" -t 'spBv1.0/#' -v -W 40 >"$work/plant.txt" 2>&1 &
sub=$!
sleep 0.3
./edgeae-device --demo --Source:Speed 10 --Mqtt:Enabled true --Mqtt:Broker "mqtt://127.0.0.1:$mport" --Mqtt:Group aot --Mqtt:Node x64 \
  --Mqtt:TelemetrySeconds 0.5 --Metrics:Enabled true --Metrics:Port "$hport" >"$work/mqtt.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -aq "spBv1.0/aot/DDATA/x64/detector" "$work/plant.txt" && break; sleep 0.1; done
metrics=$(exec 3<>"/dev/tcp/127.0.0.1/$hport"; printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3; cat <&3) || metrics=
kill -TERM "$pid"; wait "$pid" && mrc=0 || mrc=$?; pid=
for _ in $(seq 50); do grep -aq "spBv1.0/aot/NDEATH/x64" "$work/plant.txt" && break; sleep 0.1; done
kill "$sub" "$broker" 2>/dev/null || true
topics=$(grep -ao 'spBv1.0/aot/[A-Z]*/x64[a-z/]*' "$work/plant.txt" | awk '{print $1}' | uniq -c | tr -s ' ' | tr '\n' ';')
echo "test-package-x64: plant saw: $topics"
for t in NBIRTH/x64 DBIRTH/x64/detector DDATA/x64/detector DDEATH/x64/detector NDEATH/x64; do
  grep -aq "spBv1.0/aot/$t" "$work/plant.txt" || { tail -20 "$work/mqtt.log"; echo "test-package-x64: FAIL: no $t message from the AOT daemon"; exit 1; }
done
echo "$metrics" | grep -q '^edgeae_windows_scored_total [0-9]' || { echo "$metrics" | head; echo "test-package-x64: FAIL: /metrics did not serve edgeae_windows_scored_total"; exit 1; }
[ "$mrc" -eq 0 ] || { tail -20 "$work/mqtt.log"; echo "test-package-x64: FAIL: exit status $mrc after SIGTERM with MQTT on"; exit 1; }
echo "test-package-x64: births, data, deaths and /metrics from the AOT binary, exit 0"

# The dashboard from the AOT binary (the browser tests run the JIT build): the embedded page, the JSON
# routes (source-generated serialization, trimmed), the live stream, and a button refused without the token.
echo "test-package-x64: dashboard"
dport=$(free_port)
./edgeae-device --demo --Source:Speed 10 --Dashboard:Enabled true --Dashboard:Url "http://127.0.0.1:$dport" >"$work/dashboard.log" 2>&1 &
pid=$!
if ! python3 - "$dport" <<'PY'
import json, sys, time, urllib.error, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def get(path, timeout=5):
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()
for _ in range(100):
    try:
        status, _, body = get("/api/live")
        if json.loads(body).get("windows", 0) > 0: break
    except (OSError, ValueError):
        pass
    time.sleep(0.1)
else:
    sys.exit("no live snapshot with a scored window within 10 s")
status, kind, page = get("/")
assert status == 200 and kind.startswith("text/html") and b"<canvas" in page, f"page: {status} {kind}"
card = json.loads(get("/api/card")[2])
assert card["card"]["graph_sha256"], "model card without a graph hash"
json.loads(get("/api/events?limit=5")[2])
with urllib.request.urlopen(base + "/api/stream", timeout=5) as r:
    assert r.headers.get("Content-Type", "").startswith("text/event-stream"), "stream content type"
    head = r.read(200)
    assert b"event:" in head and b"data:" in head, f"stream: {head[:80]!r}"
try:
    urllib.request.urlopen(urllib.request.Request(base + "/api/acknowledge", data=b"", method="POST"), timeout=5)
    sys.exit("acknowledge without the token was accepted")
except urllib.error.HTTPError as e:
    assert e.code in (401, 403), f"acknowledge without the token: {e.code}"
PY
then
  kill -TERM "$pid"; wait "$pid" || true; pid=
  tail -20 "$work/dashboard.log"; echo "test-package-x64: FAIL: the AOT daemon's dashboard"; exit 1
fi
kill -TERM "$pid"; wait "$pid" && drc=0 || drc=$?; pid=
[ "$drc" -eq 0 ] || { tail -20 "$work/dashboard.log"; echo "test-package-x64: FAIL: exit status $drc after SIGTERM with the dashboard on"; exit 1; }
echo "test-package-x64: dashboard page, live/card/events JSON, SSE stream and a refused button from the AOT binary, exit 0"
echo "test-package-x64: OK"
