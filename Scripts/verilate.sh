#!/usr/bin/env bash
# Builds Verilator models of emitted designs into shared libraries the Swift VerilatorSimulator loads.
#
#   Scripts/verilate.sh [-o OUT] [--link] DIR/NAME.v ...
#
# Each NAME.v needs NAME_shim.cpp, NAME.vlt and the shared hdl_shim.h beside it (written by `hdlgen emit`). The library goes
# to OUT/NAME-KEY/libNAME.so (OUT defaults to build/verilator), KEY hashing the four sources, the
# flags below and the Verilator version: an unchanged design is never rebuilt. With --link,
# OUT/libNAME.so is pointed at the new library (what `make verilate` does for Generated/).
# The Verilator runtime is compiled once per flag set into OUT/runtime-KEY/. Builds hold a lock
# (OUT/.lock) so parallel callers never build the same thing twice.
# Prints one line per design on stdout: `built PATH` or `cached PATH`.
set -euo pipefail

OUT=build/verilator
LINK=0
FILES=()
while [ $# -gt 0 ]; do
    case "$1" in
        -o) OUT="$2"; shift 2 ;;
        --link) LINK=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) FILES+=("$1"); shift ;;
    esac
done
[ ${#FILES[@]} -gt 0 ] || { echo "usage: Scripts/verilate.sh [-o OUT] [--link] DIR/NAME.v ..." >&2; exit 2; }
command -v verilator >/dev/null 2>&1 || { echo "verilator not found; run Scripts/setup.sh" >&2; exit 127; }
CXX="${CXX:-g++}"
command -v "$CXX" >/dev/null 2>&1 || { echo "$CXX not found; run Scripts/setup.sh" >&2; exit 127; }

# Kept modest: two cores are shared by several builders. VERILATE_TRACE=0 leaves out VCD support
# (Verilator's --trace keeps activity flags on every eval): the CPU race builds ours so, as the peers.
TRACE="${VERILATE_TRACE:-1}"
VFLAGS="--cc -O3 --x-assign fast --x-initial fast --no-timing -Wno-fatal -Wno-lint -Wno-style"
CXXOPT="${VERILATE_CXXOPT:--O1}"
CXXFLAGS="$CXXOPT -fPIC -fvisibility=hidden -std=c++17 -w -DVM_COVERAGE=0 -DVM_SC=0 -DVM_TRACE=$TRACE -DVM_TRACE_FST=0 -DVM_TRACE_VCD=$TRACE"
RUNTIME_SOURCES="verilated verilated_dpi verilated_threads"
if [ "$TRACE" = 1 ]; then VFLAGS="--trace $VFLAGS"; RUNTIME_SOURCES="$RUNTIME_SOURCES verilated_vcd_c"; fi
VROOT="$(verilator --getenv VERILATOR_ROOT)"
VINC="-I$VROOT/include -I$VROOT/include/vltstd"
VERSION="$(verilator --version)"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK=""   # the folder being built; removed if the build fails
trap '[ -z "$WORK" ] || rm -rf "$WORK" "$RUNTIME.tmp"' EXIT
exec 9>"$OUT/.lock"
flock 9

# The runtime, shared by every design built with the same compiler flags.
RKEY="$(printf '%s\n%s\n%s\n' "$VERSION" "$CXXFLAGS" "$($CXX --version | head -1)" | sha256sum | cut -c1-16)"
RUNTIME="$OUT/runtime-$RKEY"
WORK="$RUNTIME.tmp"
if [ ! -f "$RUNTIME/done" ]; then
    echo "verilate: compiling the Verilator runtime ($RUNTIME)" >&2
    rm -rf "$RUNTIME.tmp" && mkdir -p "$RUNTIME.tmp"
    for f in $RUNTIME_SOURCES; do
        $CXX $CXXFLAGS $VINC -c "$VROOT/include/$f.cpp" -o "$RUNTIME.tmp/$f.o"
    done
    touch "$RUNTIME.tmp/done"
    rm -rf "$RUNTIME" && mv "$RUNTIME.tmp" "$RUNTIME"
fi
WORK=""

for V in "${FILES[@]}"; do
    DIR="$(dirname "$V")"; NAME="$(basename "$V" .v)"
    SHIM="$DIR/${NAME}_shim.cpp"; VLT="$DIR/$NAME.vlt"; RUNTIME_H="$DIR/hdl_shim.h"
    for f in "$V" "$SHIM" "$VLT" "$RUNTIME_H"; do
        [ -f "$f" ] || { echo "verilate: missing $f; run \`make emit\` (hdlgen emit writes it)" >&2; exit 1; }
    done
    KEY="$( (cat "$V" "$SHIM" "$VLT" "$RUNTIME_H"; printf '%s\n%s\n%s\n' "$VFLAGS" "$CXXFLAGS" "$RKEY") | sha256sum | cut -c1-16)"
    TARGET="$OUT/$NAME-$KEY"
    LIB="$TARGET/lib$NAME.so"
    if [ -f "$LIB" ]; then
        echo "cached $LIB"
    else
        echo "verilate: building $NAME ($TARGET)" >&2
        START=$(date +%s)
        WORK="$TARGET.tmp.$$"
        rm -rf "$WORK" && mkdir -p "$WORK/obj"
        cp "$V" "$SHIM" "$VLT" "$RUNTIME_H" "$WORK/"
        verilator $VFLAGS --prefix "V$NAME" --top-module "$NAME" -Mdir "$WORK/obj" "$WORK/$NAME.vlt" "$WORK/$NAME.v" >&2
        # One translation unit: the model's sources and the shim (headers are parsed once).
        {
            for f in "$WORK"/obj/V"$NAME"*.cpp; do echo "#include \"$f\""; done
            echo "#include \"$WORK/${NAME}_shim.cpp\""
        } > "$WORK/unity.cpp"
        $CXX $CXXFLAGS $VINC -I"$WORK/obj" -c "$WORK/unity.cpp" -o "$WORK/unity.o"
        $CXX -shared -o "$WORK/lib$NAME.so" "$WORK/unity.o" "$RUNTIME"/*.o \
            -Wl,--no-undefined -Wl,-Bsymbolic -pthread -latomic
        rm -rf "$WORK/obj" "$WORK/unity.o"
        rm -rf "$TARGET" && mv "$WORK" "$TARGET"
        WORK=""
        echo "verilate: built $NAME in $(( $(date +%s) - START ))s" >&2
        echo "built $LIB"
    fi
    if [ "$LINK" = 1 ]; then
        ln -sfn "$NAME-$KEY/lib$NAME.so" "$OUT/lib$NAME.so.tmp.$$"
        mv -T "$OUT/lib$NAME.so.tmp.$$" "$OUT/lib$NAME.so"
    fi
done
