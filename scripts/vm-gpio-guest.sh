# Sourced by scripts/test-arm64-vm.sh inside the emulated board (busybox sh, Debian's gpiod tools):
# runs the daemon on the real kernel GPIO chip through System.Device.Gpio's libgpiod v1 driver and
# prints, after "=== gpio-<phase>" markers, the lines it holds as "<line> <in|out> <lo|hi>" read from
# /sys/kernel/debug/gpio. Lines: warning 5, alarm 6, sensor fault 7, acknowledge input 4.

# Requested lines of gpiochip0 into $lines, one "<line> <dir> <level>" per line, PL061 line numbers
# (debugfs shows gpio-<base + line>). Shell builtins only, no fork: the SIGTERM loop samples it fast.
nl='
'
read_gpio() {
  lines= base=
  while read -r first rest; do
    case "$first" in
      gpiochip0:) base=${rest#GPIOs }; base=${base%%-*} ;;
      gpio-*)
        [ -n "$base" ] || continue
        set -- $rest
        eval "lvl=\${$#}"
        eval "dir=\${$(($# - 1))}"
        lines="$lines$((${first#gpio-} - base)) $dir $lvl$nl" ;;
    esac
  done < /sys/kernel/debug/gpio
}
snap() { echo "=== gpio-$1"; read_gpio; printf '%s' "$lines"; }
wait_log() {
  i=0
  while ! grep -q "$2" "$1" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 900 ] && { echo "=== gpio-timeout waiting for '$2' in $1"; return 1; }
    sleep 0.1
  done
}
args="--demo --Alerts:Driver libgpiod --Alerts:Chip 0 --Alerts:WarningPin 5 --Alerts:AlarmPin 6 --Alerts:FaultPin 7 --Alerts:AckPin 4 --Alerts:Latch true --Alerts:MinOnMilliseconds 0 --Source:Speed 20 --Source:Simulator:Faults:0 BearingBurst --Source:Simulator:FaultSeconds 6 --Model:ReloadPollSeconds 0 --Journal:Directory /tmp/gpio-journal"

./edgeae-device $args > /tmp/gpio1.log 2>&1 &
pid=$!
wait_log /tmp/gpio1.log "journal:" && snap start
wait_log /tmp/gpio1.log "ALARM raised" && snap alarm
wait_log /tmp/gpio1.log "cleared after" && sleep 0.3 && snap cleared
# SIGTERM: keep the last view in which the daemon still held its lines, i.e. the level it released them at.
kill -TERM $pid
last= samples=0
while kill -0 $pid 2>/dev/null; do read_gpio; [ -n "$lines" ] && { last=$lines; samples=$((samples + 1)); }; done
wait $pid; echo "=== gpio-term-exit=$?"
echo "=== gpio-released ($samples samples while held)"; printf '%s' "$last"
snap after-exit

# SIGKILL mid-alarm (no chance to clean up), then a restart: the new process drives the lines low first.
./edgeae-device $args > /tmp/gpio2.log 2>&1 &
pid=$!
wait_log /tmp/gpio2.log "ALARM raised" && snap killed-in-alarm
kill -KILL $pid; wait $pid 2>/dev/null
./edgeae-device $args > /tmp/gpio3.log 2>&1 &
pid=$!
wait_log /tmp/gpio3.log "journal:" && snap restart
kill -TERM $pid; wait $pid
echo "=== gpio-log"
grep -E "alerts:|ALARM|WARNING|cleared|rror" /tmp/gpio1.log | head -8
