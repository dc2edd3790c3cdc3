# Shortcuts: `make emit` writes Generated/ (Verilog, Verilator shims and configs), `make verilate`
# builds a Verilator library per design into build/verilator (cached by content: nothing is rebuilt
# when nothing changed; see Scripts/verilate.sh), `make test` runs the tests, `make demo` runs the digit
# classifier (docs/DEMO.md; DEMO="--backend verilator" runs it on the RTL, see Scripts/demo.sh).
# DESIGNS=counter restricts emit/verilate to some designs; SCRATCH picks the SwiftPM build folder.
SWIFT     ?= swift
SCRATCH   ?= .build
DESIGNS   ?=
GENERATED ?= Generated
HDLGEN     = $(SWIFT) run --scratch-path $(SCRATCH) hdlgen

DEMO      ?=

.PHONY: emit verilate software test demo

emit:
	$(HDLGEN) emit --out $(GENERATED) $(DESIGNS)

verilate: emit
	Scripts/verilate.sh --link -o build/verilator $(if $(DESIGNS),$(DESIGNS:%=$(GENERATED)/%.v),$(GENERATED)/*.v)

software:
	$(MAKE) -C Software
	$(MAKE) -C Software/gpu
	$(MAKE) -C Software/demo

# The software is built before the tests (which also build what they need, a no-op then): test suites run in
# parallel, and two makes writing the same files at once could clash.
test:
	$(SWIFT) build --scratch-path $(SCRATCH)
	Scripts/run-qemu-software.sh
	$(MAKE) -s software
	$(SWIFT) test --scratch-path $(SCRATCH)

demo:
	Scripts/demo.sh $(DEMO)
