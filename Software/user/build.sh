#!/bin/sh
# Builds a Linux user-mode test program for the ISA model and qemu-user.
# Usage: Software/user/build.sh 32|64 OUT.elf SOURCE.c [more sources/flags...]
set -eu
X=$1; OUT=$2; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-riscv64-unknown-elf-gcc}
if [ "$X" = 32 ]; then ARCH="-march=rv32im -mabi=ilp32"; else ARCH="-march=rv64im -mabi=lp64"; fi
$CC $ARCH -misa-spec=2.2 -O2 -static -nostdlib -ffreestanding -fno-builtin -I"$HERE" \
    -o "$OUT" "$HERE/start.S" "$HERE/tinylib.c" "$@" -lgcc
