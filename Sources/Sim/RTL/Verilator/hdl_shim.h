// The design-independent half of the Verilator shims (C++). Each Generated/NAME_shim.cpp, written
// by VerilatorShimEmitter, defines its design's part (`HdlTop`, `hdl_settle`, `hdl_hash`,
// `hdl_scope`, `hdl_clock`, the port table and `HDL_BIND_PORTS`), then includes this file, which
// `hdlgen emit` copies beside it. Every export is `extern "C"`; VerilatorSimulator.swift calls them.
//
// A cycle (`hdl_step`): settle if inputs changed (`eval` with clock 0), then `clock = 1; eval()`
// (the rising edge: registers load, combinational logic settles), then `clock = 0; eval()` (no
// edge; re-arms Verilator's edge detector). Peeks see the settled values after that. Without a
// waveform the shim's `hdl_rise` and `hdl_fall` stand in for those two evals where the Verilator
// version allows (see the design's shim); VerilatorBridgeTests checks that both ways agree.
// VCD times: edge k (counting from 1) at 10k-5 with clock 1, clock back to 0 at 10k.
#include <cstdint>
#include <cstring>
#include <vector>
#include "verilated.h"
#include "verilated_syms.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
typedef VerilatedVcdC HdlTrace;
#else
// A library built without --trace (Scripts/verilate.sh with VERILATE_TRACE=0): no waveforms.
struct HdlTrace { void dump(uint64_t) {} void close() {} };
#endif

#define HDL_EXPORT extern "C" __attribute__((visibility("default")))
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the shim copies words as little-endian bytes");

// A port, register or memory: `bytes` of Verilator storage per element (CData..QData, VlWide<N>).
struct HdlSignal {
    void* data;
    uint32_t bytes;
    int width;
    int depth;     // elements of a memory; 0 for a port or register
    int low;       // index of the first element
    bool writable;
};

struct HdlModel {
    VerilatedContext* context = nullptr;
    HdlTop* top = nullptr;
    HdlTrace* trace = nullptr;
    uint64_t edges = 0;
    bool dirty = true;      // inputs changed since the last eval
    bool stale = false;     // memories written through the back door since the last eval
    std::vector<HdlSignal> ports;
    std::vector<HdlSignal> signals;
};

// Verilator keeps values little-endian (32-bit words for VlWide), so bytes copy straight from
// and to 64-bit words; bits at and above `width` are cleared.
static void hdl_store(void* p, uint32_t bytes, int width, const uint64_t* w) {
    std::memcpy(p, w, bytes);
    uint8_t* b = static_cast<uint8_t*>(p);
    for (uint32_t i = 0; i < bytes; ++i) {
        int lo = static_cast<int>(i) * 8;
        if (lo >= width) b[i] = 0;
        else if (width - lo < 8) b[i] &= static_cast<uint8_t>((1u << (width - lo)) - 1);
    }
}

static void hdl_load(const void* p, uint32_t bytes, uint64_t* w) {
    std::memset(w, 0, ((bytes + 7) / 8) * 8);
    std::memcpy(w, p, bytes);
}

// Verilator keeps a per-thread "current context" (used by eval, $display, scope teardown);
// Swift may call from any thread, so every entry point binds this model's context first.
static HdlModel* hdl_bind(void* handle) {
    HdlModel* m = static_cast<HdlModel*>(handle);
    Verilated::threadContextp(m->context);
    return m;
}

static void hdl_settle_if_needed(HdlModel* m) {
    if (m->stale) { hdl_settle(m->top); m->stale = false; m->dirty = true; }
    if (m->dirty) { m->top->eval(); m->dirty = false; }
}

HDL_EXPORT const char* design_hash(void) { return hdl_hash; }
HDL_EXPORT int hdl_port_count(void) { return hdl_port_total; }
HDL_EXPORT const char* hdl_port_name(int i) { return i >= 0 && i < hdl_port_total ? hdl_port_names[i] : nullptr; }
HDL_EXPORT int hdl_port_width(int i) { return i >= 0 && i < hdl_port_total ? hdl_port_widths[i] : 0; }

HDL_EXPORT void* hdl_create(void) {
    HdlModel* m = new HdlModel;
    m->context = new VerilatedContext;
    Verilated::threadContextp(m->context);
#if VM_TRACE
    m->context->traceEverOn(true);
#endif
    m->context->fatalOnError(false);
    m->top = new HdlTop(m->context, "TOP");
    HdlTop* t = m->top;
    HDL_BIND_PORTS(m, t);
    if (hdl_clock >= 0) { uint64_t zero = 0; hdl_store(m->ports[hdl_clock].data, m->ports[hdl_clock].bytes, 1, &zero); }
    m->top->eval();
    m->dirty = false;
    return m;
}

HDL_EXPORT void hdl_free(void* handle) {
    if (!handle) return;
    HdlModel* m = hdl_bind(handle);
    if (m->trace) { m->trace->close(); delete m->trace; }
    m->top->final();
    delete m->top;
    delete m->context;
    Verilated::threadContextp(nullptr);
    delete m;
}

HDL_EXPORT void hdl_poke(void* handle, int port, const uint64_t* words) {
    HdlModel* m = hdl_bind(handle);
    const HdlSignal& s = m->ports[port];
    hdl_store(s.data, s.bytes, s.width, words);
    m->dirty = true;
}

HDL_EXPORT void hdl_peek(void* handle, int port, uint64_t* words) {
    HdlModel* m = hdl_bind(handle);
    hdl_settle_if_needed(m);
    const HdlSignal& s = m->ports[port];
    hdl_load(s.data, s.bytes, words);
}

HDL_EXPORT void hdl_eval(void* handle) { hdl_settle_if_needed(hdl_bind(handle)); }

// Runs up to `cycles` edges, stopping after the first edge where any of the `count` one-bit
// ports in `watch` reads 1 (e.g. a UART strobe or a finisher): returns the edges run. The whole
// loop stays in C++, so a harness pays for a call into Swift only when something happened.
HDL_EXPORT uint64_t hdl_step_until(void* handle, uint64_t cycles, const int32_t* watch, int32_t count) {
    HdlModel* m = hdl_bind(handle);
    hdl_settle_if_needed(m);
    // The model was initialized by the first eval() (hdl_create); the design has no $display,
    // so without a trace the loop can skip eval()'s per-call bookkeeping (hdl_rise, hdl_fall).
    // The clock is a one-bit input: Verilator keeps it in one byte.
    uint8_t* clock = hdl_clock >= 0 ? static_cast<uint8_t*>(m->ports[hdl_clock].data) : nullptr;
    // The watched ports' bytes, looked up once: the loop below reads them every edge.
    const uint8_t* few[8];
    std::vector<const uint8_t*> many(count > 8 ? count : 0);
    const uint8_t** watched = count > 8 ? many.data() : few;
    for (int32_t k = 0; k < count; ++k) watched[k] = static_cast<const uint8_t*>(m->ports[watch[k]].data);
    auto fired = [&] {
        for (int32_t k = 0; k < count; ++k) { if (*watched[k] & 1) return true; }
        return false;
    };
    if (m->trace) {
        for (uint64_t i = 0; i < cycles; ++i) {
            if (clock) *clock = 1;
            m->top->eval();
            m->trace->dump(++m->edges * 10 - 5);
            if (clock) *clock = 0;
            m->top->eval();
            m->trace->dump(m->edges * 10);
            if (fired()) return i + 1;
        }
        return cycles;
    }
    for (uint64_t i = 0; i < cycles; ++i) {
        if (clock) *clock = 1;
        hdl_rise(m->top);
        if (clock) *clock = 0;
        hdl_fall(m->top);
        if (fired()) { m->edges += i + 1; return i + 1; }
    }
    m->edges += cycles;
    return cycles;
}

HDL_EXPORT void hdl_step(void* handle, uint64_t cycles) { (void)hdl_step_until(handle, cycles, nullptr, 0); }

// A register or memory by dotted path below the top (`inst.mem`): its index, or -1.
HDL_EXPORT int hdl_signal(void* handle, const char* path) {
    HdlModel* m = hdl_bind(handle);
    std::string scope = hdl_scope, name = path;
    size_t dot = name.rfind('.');
    if (dot != std::string::npos) { scope += "." + name.substr(0, dot); name = name.substr(dot + 1); }
    const VerilatedScope* sp = m->context->scopeFind(scope.c_str());
    if (!sp) return -1;
    VerilatedVar* v = sp->varFind(name.c_str());
    if (!v || v->udims() > 1) return -1;
    HdlSignal s{v->datap(), v->entSize(), v->packed().elements(),
                v->udims() == 1 ? v->unpacked().elements() : 0,
                v->udims() == 1 ? v->unpacked().low() : 0, v->udims() == 1};  // memories take back-door writes
    m->signals.push_back(s);
    return static_cast<int>(m->signals.size()) - 1;
}

HDL_EXPORT int hdl_signal_width(void* handle, int sig) { return static_cast<HdlModel*>(handle)->signals[sig].width; }
HDL_EXPORT int hdl_signal_depth(void* handle, int sig) { return static_cast<HdlModel*>(handle)->signals[sig].depth; }

// Element `index` of a memory (0 for a register) into `words`: 0, or -1 when out of range.
HDL_EXPORT int hdl_signal_read(void* handle, int sig, uint64_t index, uint64_t* words) {
    HdlModel* m = hdl_bind(handle);
    hdl_settle_if_needed(m);
    const HdlSignal& s = m->signals[sig];
    if (index >= static_cast<uint64_t>(s.depth > 0 ? s.depth : 1)) return -1;
    hdl_load(static_cast<const uint8_t*>(s.data) + index * s.bytes, s.bytes, words);
    return 0;
}

// Writes element `index` of a memory: 0, -1 out of range, -2 not writable (a register). Memories
// are public_flat_rd (see the emitter), so the model is settled before it runs again.
HDL_EXPORT int hdl_signal_write(void* handle, int sig, uint64_t index, const uint64_t* words) {
    HdlModel* m = hdl_bind(handle);
    const HdlSignal& s = m->signals[sig];
    if (!s.writable) return -2;
    if (index >= static_cast<uint64_t>(s.depth > 0 ? s.depth : 1)) return -1;
    hdl_store(static_cast<uint8_t*>(s.data) + index * s.bytes, s.bytes, s.width, words);
    m->stale = true;
    return 0;
}

// Starts a VCD of every signal (all levels): 0, -1 when the file cannot be opened, -2 when the
// library was built without tracing.
HDL_EXPORT int hdl_trace_open(void* handle, const char* path) {
    HdlModel* m = hdl_bind(handle);
#if !VM_TRACE
    (void)m; (void)path;
    return -2;
#else
    if (m->trace) { m->trace->close(); delete m->trace; m->trace = nullptr; }
    hdl_settle_if_needed(m);
    VerilatedVcdC* tfp = new VerilatedVcdC;
    m->top->trace(tfp, 99);
    tfp->open(path);
    if (!tfp->isOpen()) { delete tfp; return -1; }
    m->trace = tfp;
    tfp->dump(m->edges * 10);
    return 0;
#endif
}

HDL_EXPORT void hdl_trace_close(void* handle) {
    HdlModel* m = hdl_bind(handle);
    if (!m->trace) return;
    m->trace->close();
    delete m->trace;
    m->trace = nullptr;
}
