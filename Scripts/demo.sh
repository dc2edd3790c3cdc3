#!/usr/bin/env bash
# The demo (docs/DEMO.md) in one command, run by `make demo`: trains the digit classifier (or reuses it), builds
# the FAT32 card image and the program, runs it on the machine, and draws the predictions it printed as an SVG.
# Usage: Scripts/demo.sh [--backend model|verilator|swift] [--xlen 32|64] [--images N] [--cosim] [-- ARGS...]
#   model (default): the ISA model with the GPU model (`hdlgen iss`); verilator / swift: the SoC's RTL with the GPU
#   RTL (`hdlgen sim`; swift runs the first 8 images unless --images says otherwise). --cosim: Verilator in
#   lock-step with the ISA and GPU models. ARGS go to the program (docs/DEMO.md: logits, nocpu, nocycles).
set -euo pipefail
cd "$(dirname "$0")/.."
backend=model xlen=32 images="" cosim="" extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --backend) backend=${2:?}; shift 2 ;;
        --xlen) xlen=${2:?}; shift 2 ;;
        --images) images=${2:?}; shift 2 ;;
        --cosim) cosim=--cosim backend=verilator; shift ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: $0 [--backend model|verilator|swift] [--xlen 32|64] [--images N] [--cosim] [-- ARGS...]" >&2; exit 2 ;;
    esac
done
case "$backend" in model|verilator|swift) ;; *) echo "demo.sh: --backend must be model, verilator or swift" >&2; exit 2 ;; esac
case "$xlen" in 32|64) ;; *) echo "demo.sh: --xlen must be 32 or 64" >&2; exit 2 ;; esac
if [ "$backend" = swift ] && [ -z "$images" ]; then images=8; fi

D=Software/demo/build
if make -s -q -C Software/demo build/model.bin 2>/dev/null; then
    echo "== reusing the trained model ($D/model.bin); train.py said:"
    cat "$D/summary.txt"
else
    echo "== training (Software/demo/train.py)"
fi
make -s -C Software/demo
echo "== the card: $D/digits.img (FAT32: model.bin, tests.bin); the program: $D/rv$xlen/demo.elf"
swift build -c release --product hdlgen >/dev/null
HDLGEN=$(swift build -c release --show-bin-path)/hdlgen

args="$images ${extra[*]:-}"
log=$D/run-$backend-rv$xlen.log
if [ "$backend" = model ]; then
    echo "== running on the ISA model with the GPU model (hdlgen iss)"
    cmd=("$HDLGEN" iss)
else
    if [ "$backend" = verilator ]; then   # the SoC's Verilator library (content-cached: built once)
        Scripts/verilate.sh --link -o build/verilator "Generated/soc$xlen.v" >/dev/null
    fi
    echo "== running on the RTL, $backend (hdlgen sim${cosim:+ --cosim})"
    cmd=("$HDLGEN" sim --backend "$backend" --stats $cosim)
fi
status=0
"${cmd[@]}" --sd-image "$D/digits.img" --args "$args" "$D/rv$xlen/demo.elf" | tee "$log" || status=$?
[ "$status" = 0 ] || { echo "demo.sh: the machine exited with status $status"; exit "$status"; }
python3 Software/demo/digits_svg.py "$D/tests.bin" "$log" "$D/digits.svg"
echo "== drawn from the machine's output: $D/digits.svg (log: $log)"
