// GEMMBenchSVG: the picture for `hdlgen bench gemm --svg`: MACs/cycle of each kernel against the
// peak (bars), and a per-warp issue timeline of the first cycles of one kernel (one row per warp,
// a tick per issued warp-instruction, darker for more active lanes).
import GPU
public enum GEMMBenchSVG {
    public static func render(rows: [GEMMBenchRow], config: GPUConfig, timeline: [GPUIssue],
                              timelineKernel: String, cycles: Int) -> String {
        let width = 900, barH = 26, left = 110
        let warpRows = config.units * config.warps
        let tlTop = 60 + rows.count * (barH + 8) + 50, rowH = 14
        let height = tlTop + warpRows * rowH + 40
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"monospace\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        let peak = Double(config.peakMACsPerCycle)
        let scale = Double(width - left - 60) / peak
        s += "<text x=\"10\" y=\"24\" font-size=\"15\">GEMM \(rows.first.map { "\($0.m)x\($0.n)x\($0.k)" } ?? ""): MACs/cycle vs peak \(config.peakMACsPerCycle) (\(config.units)x\(config.warps)x\(config.lanes))</text>\n"
        for (i, r) in rows.enumerated() {
            let y = 40 + i * (barH + 8)
            s += "<text x=\"10\" y=\"\(y + 17)\">\(r.kernel.rawValue)</text>\n"
            s += "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(Int(peak * scale))\" height=\"\(barH)\" fill=\"#eee\" stroke=\"#999\"/>\n"
            s += "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(max(1, Int(r.macsPerCycle * scale)))\" height=\"\(barH)\" fill=\"#3a7\"/>\n"
            s += "<text x=\"\(left + 6)\" y=\"\(y + 17)\">\(fmt(r.macsPerCycle, 2)) (\(fmt(r.percentOfPeak, 1))%)</text>\n"
        }
        s += "<text x=\"10\" y=\"\(tlTop - 14)\" font-size=\"15\">Issue timeline of \(timelineKernel), cycles 0-\(cycles) (row = unit.warp)</text>\n"
        let cw = Double(width - left - 20) / Double(max(cycles, 1))
        for u in 0..<config.units {
            for w in 0..<config.warps {
                let y = tlTop + (u * config.warps + w) * rowH
                s += "<text x=\"10\" y=\"\(y + 11)\">u\(u).w\(w)</text>\n"
                s += "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(width - left - 20)\" height=\"\(rowH - 2)\" fill=\"#f6f6f6\"/>\n"
            }
        }
        for e in timeline where e.cycle < UInt64(cycles) {
            let y = tlTop + (e.unit * config.warps + e.warp) * rowH
            let x = Double(left) + Double(e.cycle) * cw
            let shade = 200 - 160 * e.active / max(config.lanes, 1)
            s += "<rect x=\"\(fmt(x, 1))\" y=\"\(y)\" width=\"\(fmt(max(cw, 1), 2))\" height=\"\(rowH - 2)\" fill=\"rgb(\(shade),\(shade),255)\"/>\n"
        }
        s += "</svg>\n"
        return s
    }
}
