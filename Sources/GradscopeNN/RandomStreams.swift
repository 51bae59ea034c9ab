/// Labelled random streams: one parent seed gives any number of independent generators, each
/// named by a label and an index ("init" 3, "batches" 0, "data.generate" 0), so what one part
/// of a run draws never depends on how much another part drew, or on its shape.
extension SplitMix64 {
    /// The seed of stream (`label`, `index`) of `parent`:
    ///
    ///     s(s(parent) ⊕ FNV-1a₆₄(label's UTF-8 bytes ‖ index as 8 little-endian bytes))
    ///
    /// where s(x) is the first output of SplitMix64 seeded with x. Only integer operations on
    /// bytes whose order is fixed: the same on every platform.
    public static func streamSeed(_ parent: UInt64, label: String, index: Int = 0) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a offset basis
        func absorb(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for byte in label.utf8 { absorb(byte) }
        let i = UInt64(bitPattern: Int64(index))
        for shift in stride(from: 0, to: 64, by: 8) { absorb(UInt8(truncatingIfNeeded: i >> UInt64(shift))) }
        var parentMixer = SplitMix64(seed: parent)
        var streamMixer = SplitMix64(seed: parentMixer.next() ^ hash)
        return streamMixer.next()
    }
}

extension Xoshiro256StarStar {
    /// The generator of stream (`label`, `index`) of `parent` (see `SplitMix64.streamSeed`).
    public init(parent: UInt64, stream label: String, index: Int = 0) {
        self.init(seed: SplitMix64.streamSeed(parent, label: label, index: index))
    }
}
