/// A bundle as one word and back, as Chisel's `asUInt` and `asTypeOf`: the first declared field
/// takes the lowest bits. A pipeline register that carries a bundle packed is one register in the
/// Verilog rather than one per field, which simulators copy in one operation.

/// Each field of a bundle with the offset of its lowest bit in the packed word.
public func packedFields(_ bundle: some Bundle) -> [(signal: Signal, offset: Int)] {
    var offset = 0
    return bundleFields(of: bundle).map { field in
        defer { offset += field.signal.width }
        return (field.signal, offset)
    }
}

/// The total width of a bundle's fields.
public func packedWidth(_ bundle: some Bundle) -> Int {
    bundleFields(of: bundle).reduce(0) { $0 + $1.signal.width }
}

/// The fields of `bundle` concatenated, the first declared field in the lowest bits.
public func packed(_ bundle: some Bundle) -> Signal {
    Cat(bundleFields(of: bundle).reversed().map(\.signal))
}

/// `template`'s fields read from `bits` (laid out as `packed` lays them out): each field becomes
/// a slice of `bits`. `bits` must be exactly as wide as the bundle. When `bits` is named, each
/// field is too, after it: `ex_mem_control_bits` unpacks into `ex_mem_control_is_store`, ..., so a
/// packed pipeline register still shows its fields by name in the Verilog and in waveforms.
/// Unpacking the same word again gives the same fields.
public func unpacked<B: Bundle>(_ bits: Signal, as template: B,
                                file: String = #fileID, path: String = #filePath, line: Int = #line) -> B {
    let width = packedWidth(template)
    if bits.width != width {
        ModuleBuilder.active.error(.widthMismatch, at: SourceLocation(fileID: file, filePath: path, line: line),
                                   "unpacking \(bits.width) bits into a \(B.self) of \(width) bits",
                                   fix: "pass a word of exactly \(width) bits (packedWidth of the bundle)")
    }
    let location = SourceLocation(fileID: file, filePath: path, line: line)
    let builder = ModuleBuilder.active
    let source = bits.node()
    let prefix = bits.name.map { $0.hasSuffix("_bits") ? String($0.dropLast(5)) : $0 }
    for ((fieldPath, field), offset) in zip(bundleFields(of: template), packedFields(template).map(\.offset))
        where offset + field.width <= bits.width && requireTemplate(field, fieldPath, "unpacked", at: location) {
        let key = UnpackedField(source: source, offset: offset, width: field.width)
        if let id = builder.unpackedFields[key] {
            field.state = .bound(builder, id)
            continue
        }
        let slice = bits[offset + field.width - 1, offset]
        if let prefix, field.width < bits.width { slice.named(prefix + "_" + verilogName(fieldPath)) }
        builder.unpackedFields[key] = slice.node()
        field.state = slice.state
    }
    return template
}

/// Element `index` of `bundles`, chosen field by field (one mux tree per field, so no field wider
/// than itself is built): `template`, a fresh bundle of the same shape, gets the chosen fields.
/// Indices past the end give element 0, as `[Signal][index]` does.
public func select<B: Bundle>(_ bundles: [B], at index: Signal, as template: B,
                              file: String = #fileID, path: String = #filePath, line: Int = #line) -> B {
    let location = SourceLocation(fileID: file, filePath: path, line: line)
    guard !bundles.isEmpty else {
        ModuleBuilder.active.error(.invalid, at: location, "select from an empty array of \(B.self)", fix: "pass at least one bundle")
        return template
    }
    let columns = bundles.map { bundleFields(of: $0).map(\.signal) }
    for (i, (fieldPath, field)) in bundleFields(of: template).enumerated() where requireTemplate(field, fieldPath, "select", at: location) {
        field.state = columns.map { $0[i] }[index].state
    }
    return template
}
