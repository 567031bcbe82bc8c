#!/usr/bin/env bash
# Installs the unpacked edgeae-device package on a board (run as root from the package directory):
#
#   sudo ./install.sh [--no-start]
#
# - creates the system user `edgeae` and /opt/edgeae, /etc/edgeae, /var/lib/edgeae, /var/log/edgeae
# - copies the binary, its native libraries and the demo bundle to /opt/edgeae
# - installs appsettings.example.json as /etc/edgeae/appsettings.json only if that file does not exist
#   yet (an existing configuration is never overwritten; the shipped one lands beside it as .dist).
#   The example is NOT complete (your bundle, sensors, GPIO lines): `edgeae-device --check-config`
#   runs at the end, and the service is only started once it passes
# - adds `edgeae` to the gpio, i2c, spi and dialout groups that exist on this system
# - installs, enables and (unless --no-start) starts or restarts the systemd unit
# EDGEAE_ROOT=DIR installs under DIR instead of / (for tests): no user, groups or systemctl then.
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
root=${EDGEAE_ROOT:-}
start=1
for arg in "$@"; do
  case "$arg" in
    --no-start) start=0 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "install.sh: error: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
say() { echo "install.sh: $*"; }
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then echo "install.sh: error: run as root (sudo ./install.sh)" >&2; exit 1; fi
[ -x "$src/edgeae-device" ] || { echo "install.sh: error: $src/edgeae-device not found: run me from the unpacked package" >&2; exit 1; }
arch=$(uname -m)
if [ -z "$root" ] && command -v file >/dev/null 2>&1 && ! file -b "$src/edgeae-device" | grep -qi "${arch/_/-}"; then
  echo "install.sh: error: this package is $(file -b "$src/edgeae-device" | cut -d, -f2 | xargs), the machine is $arch" >&2; exit 1
fi

user=edgeae
opt="$root/opt/edgeae" etc="$root/etc/edgeae" state="$root/var/lib/edgeae" logs="$root/var/log/edgeae"
unit_dir="$root/etc/systemd/system"
systemd=0
[ -z "$root" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] && systemd=1

if [ -z "$root" ]; then
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/edgeae --no-create-home --shell /usr/sbin/nologin "$user"
    say "created system user $user"
  fi
  for g in gpio i2c spi dialout; do
    if getent group "$g" >/dev/null; then usermod -aG "$g" "$user"; say "added $user to group $g"; fi
  done
fi

was_active=0
if [ $systemd = 1 ] && systemctl is-active --quiet edgeae-device; then
  was_active=1
  systemctl stop edgeae-device
fi

mkdir -p "$opt" "$etc" "$state" "$logs"
# Copy then rename, so a running binary is never overwritten in place.
for f in "$src"/edgeae-device "$src"/*.so; do
  [ -e "$f" ] || continue
  install -m "$([ "$(basename "$f")" = edgeae-device ] && echo 755 || echo 644)" "$f" "$opt/.$(basename "$f").new"
  mv -f "$opt/.$(basename "$f").new" "$opt/$(basename "$f")"
done
if [ -d "$src/demo" ]; then mkdir -p "$opt/demo"; cp -a "$src/demo/." "$opt/demo/"; fi

if [ -f "$src/appsettings.example.json" ]; then
  if [ -e "$etc/appsettings.json" ]; then
    install -m 644 "$src/appsettings.example.json" "$etc/appsettings.json.dist"
    say "kept existing $etc/appsettings.json (the shipped example is in appsettings.json.dist)"
  else
    install -m 644 "$src/appsettings.example.json" "$etc/appsettings.json"
    say "installed the example configuration as $etc/appsettings.json: complete it (bundle, sensors, GPIO lines)"
  fi
fi

# Fail closed: the service runs only a configuration that names a real bundle, real sensors and real
# GPIO lines. --check-config loads the bundle, opens the lines, probes the sensors and scores nothing.
complete=1
if ! check=$(EDGEAE_CONFIG="$etc/appsettings.json" STATE_DIRECTORY="$state" "$opt/edgeae-device" --check-config 2>&1); then
  complete=0
  say "configuration INCOMPLETE: the service will not start until $etc/appsettings.json is completed:"
  echo "$check" | grep 'edgeae-device: ' | sed 's/^/install.sh:   /'
  say "edit it, check it with: sudo $opt/edgeae-device --check-config, then: sudo systemctl start edgeae-device"
else
  echo "$check" | grep -E '^(check-config|  )' | sed 's/^/install.sh:   /'
fi
if [ -z "$root" ]; then chown -R "$user:$user" "$state" "$logs"; fi

if [ -f "$src/edgeae-device.service" ]; then
  mkdir -p "$unit_dir"
  install -m 644 "$src/edgeae-device.service" "$unit_dir/edgeae-device.service"
  if [ $systemd = 1 ]; then
    systemctl daemon-reload
    systemctl enable edgeae-device >/dev/null
    say "enabled edgeae-device.service"
    if [ $complete = 0 ]; then say "not started: the configuration is incomplete (see above)"
    elif [ $start = 1 ] || [ $was_active = 1 ]; then systemctl restart edgeae-device; say "started edgeae-device (journalctl -u edgeae-device -f)"; fi
  else
    say "systemd not running here: unit copied to $unit_dir, not enabled"
  fi
else
  say "no edgeae-device.service in the package: run $opt/edgeae-device by hand"
fi
say "done: binary in $opt, config in $etc, state in $state, logs in $logs"
[ $complete = 1 ] || say "to try the package without hardware: $opt/edgeae-device --demo"
