#!/usr/bin/env bash
# Builds ort_harness against the ONNX Runtime headers and libonnxruntime.so of the
# Microsoft.ML.OnnxRuntime NuGet package the product itself uses (so both time the same library).
#
#   build.sh [--rid linux-x64|linux-arm64|all]    (default: linux-x64, plus linux-arm64 when
#                                                  aarch64-linux-gnu-g++ is installed)
#
# Output: bin/<rid>/ort_harness with libonnxruntime.so beside it (rpath $ORIGIN).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
ort_version=1.31.1

rids=()
case "${1:-}" in
  "") rids=(linux-x64); command -v aarch64-linux-gnu-g++ >/dev/null 2>&1 && rids+=(linux-arm64) ;;
  --rid)
    case "${2:-}" in
      linux-x64|linux-arm64) rids=("$2") ;;
      all) rids=(linux-x64 linux-arm64) ;;
      *) echo "build.sh: error: --rid must be linux-x64, linux-arm64 or all, got '${2:-}'" >&2; exit 2 ;;
    esac ;;
  -h|--help) sed -n 2,8p "$0"; exit 0 ;;
  *) echo "build.sh: error: unknown argument '$1'" >&2; exit 2 ;;
esac

packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
ort="$packages/microsoft.ml.onnxruntime/$ort_version"
if [ ! -f "$ort/build/native/include/onnxruntime_cxx_api.h" ]; then
  echo "build.sh: restoring Microsoft.ML.OnnxRuntime $ort_version (dotnet restore Runtime)" >&2
  dotnet restore "$repo/Runtime/EdgeAE.Runtime.csproj" >/dev/null
fi
[ -f "$ort/build/native/include/onnxruntime_cxx_api.h" ] || { echo "build.sh: error: ONNX Runtime headers not found under $ort" >&2; exit 1; }

for rid in "${rids[@]}"; do
  case "$rid" in
    linux-x64) cxx=${CXX:-g++} ;;
    linux-arm64) cxx=aarch64-linux-gnu-g++ ;;
  esac
  command -v "$cxx" >/dev/null 2>&1 || { echo "build.sh: error: $cxx not found (apt-get install g++-aarch64-linux-gnu for arm64)" >&2; exit 1; }
  native="$ort/runtimes/$rid/native"
  out="$here/bin/$rid"
  mkdir -p "$out"
  cp "$native/libonnxruntime.so" "$out/"
  # The library's SONAME is libonnxruntime.so.1: the loader looks for that name at run time.
  ln -sf libonnxruntime.so "$out/libonnxruntime.so.1"
  # -O2 is plenty: the timed work is inside libonnxruntime.so, not in this file.
  "$cxx" -std=c++17 -O2 -Wall -Wextra -Werror -I "$ort/build/native/include" \
    "$here/ort_harness.cpp" -o "$out/ort_harness" -L "$out" -l:libonnxruntime.so -Wl,-rpath,'$ORIGIN'
  echo "build.sh: built $out/ort_harness ($rid, $($cxx -dumpfullversion))"
done
