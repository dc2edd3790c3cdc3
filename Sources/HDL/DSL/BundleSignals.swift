/// The signals of a bundle with their dotted paths, in declaration order (e.g. to give every
/// field of a bundle of wires a default value in a loop).
public func bundleSignals(_ bundle: some Bundle) -> [(path: String, signal: Signal)] {
    bundleFields(of: bundle)
}
