#!/usr/bin/env bash
# Checks that the linux-arm64 package will load on Raspberry Pi OS bookworm (Debian 12, arm64):
# every ELF in it (edgeae-device, libonnxruntime.so, other .so) is AArch64; the executable asks for
# the interpreter /lib/ld-linux-aarch64.so.1; every NEEDED library is one bookworm's base system has
# or one the package ships; and no symbol needs a newer glibc than 2.36 (nor libstdc++/libgcc newer
# than GCC 12's, bookworm's).
#
#   scripts/check-arm64-elf.sh [PACKAGE.tar.gz | DIR]     (default: artifacts/edgeae-device-linux-arm64.tar.gz)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$repo/artifacts/edgeae-device-linux-arm64.tar.gz}
max_glibc=2.36
max_glibcxx=3.4.30   # GCC 12
max_cxxabi=1.3.13
max_gcc=12.0.0
# Libraries every Raspberry Pi OS bookworm image has (libc6, libgcc-s1, libstdc++6, zlib1g).
system_libs="ld-linux-aarch64.so.1 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 libstdc++.so.6 libz.so.1"

command -v readelf >/dev/null || { echo "check-arm64-elf: error: readelf not found (apt-get install binutils)" >&2; exit 2; }
if [ -f "$target" ]; then
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
  tar -xzf "$target" -C "$dir"
  dir=$(find "$dir" -maxdepth 2 -name edgeae-device -type f -printf '%h\n' | head -1)
elif [ -d "$target" ]; then dir=$target
else echo "check-arm64-elf: error: '$target' is neither a package nor a directory (run ./publish.sh first)" >&2; exit 2; fi
[ -n "$dir" ] && [ -f "$dir/edgeae-device" ] || { echo "check-arm64-elf: error: no edgeae-device in $target" >&2; exit 1; }
[ -f "$dir/libonnxruntime.so" ] || { echo "check-arm64-elf: error: no libonnxruntime.so in $target" >&2; exit 1; }

failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$2" ]; }
max_version() { readelf --dyn-syms -W "$1" | { grep -o "$2_[0-9][0-9.]*" || true; } | sed "s/^$2_//" | sort -uV | tail -1; }

shipped=$(cd "$dir" && for f in *.so*; do [ -e "$f" ] || continue; echo "$f"; readelf -d "$f" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'; done)
for f in "$dir"/edgeae-device "$dir"/*.so; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  echo "$name:"
  machine=$(readelf -h "$f" | sed -n 's/^ *Machine: *//p')
  [ "$machine" = AArch64 ] && echo "  machine  AArch64" || fail "machine is '$machine', not AArch64"
  if [ "$name" = edgeae-device ]; then
    interp=$(readelf -l "$f" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
    [ "$interp" = /lib/ld-linux-aarch64.so.1 ] && echo "  interp   $interp" || fail "interpreter is '$interp', not /lib/ld-linux-aarch64.so.1"
  fi
  for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    if [[ " $system_libs " == *" $lib "* ]]; then echo "  needs    $lib (bookworm base)"
    elif grep -qx "$lib" <<<"$shipped"; then echo "  needs    $lib (in the package)"
    else fail "needs $lib, which neither bookworm's base system nor the package provides"; fi
  done
  for pair in "GLIBC $max_glibc" "GLIBCXX $max_glibcxx" "CXXABI $max_cxxabi" "GCC $max_gcc"; do
    set -- $pair
    v=$(max_version "$f" "$1")
    [ -n "$v" ] || continue
    version_le "$v" "$2" && echo "  max      $1_$v (≤ $2)" || fail "needs $1_$v, newer than bookworm's $1_$2"
  done
done
if [ $failures -gt 0 ]; then echo "check-arm64-elf: $failures problem(s)"; exit 1; fi
echo "check-arm64-elf: OK: every ELF is AArch64 and loads on Raspberry Pi OS bookworm (glibc ≤ $max_glibc)"
