/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit mixer used only to expand one seed into the
/// 256-bit state of `Xoshiro256StarStar`, so that nearby seeds give unrelated streams, and to
/// derive labelled stream seeds (`streamSeed(_:label:index:)`).
public struct SplitMix64: Sendable {
    public private(set) var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018), the engine's only source of randomness.
/// Sampling (uniform, normal, bounded integers, shuffles) is written here, not borrowed from the
/// standard library, so a seed gives the same numbers on every platform and toolchain.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// Seeds the 256-bit state from four SplitMix64 outputs.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1): the top 53 bits scaled by 2⁻⁵³.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Uniform in the open interval (0, 1): (k + ½) · 2⁻⁵² for k the top 52 bits. Never 0 or 1,
    /// and symmetric about ½ (k ↦ 2⁵² − 1 − k maps u to 1 − u exactly).
    public mutating func openUniform() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1.0p-52
    }

    /// Standard normal by inversion: Φ⁻¹(u) (`StandardNormal.quantile`) of one `openUniform()`.
    /// One draw consumes one 64-bit output, and the normal is an increasing function of the same
    /// u a uniform initialiser maps to a(2u − 1), so normal and uniform initialisations of one
    /// shape and seed differ only by that monotone map, weight by weight.
    public mutating func normal() -> Double {
        StandardNormal.quantile(openUniform())
    }

    /// Normal with the given mean and standard deviation.
    public mutating func normal(mean: Double, std: Double) -> Double {
        mean + std * normal()
    }

    /// Uniform integer in 0..<bound by Lemire's multiply-and-reject method (unbiased).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Fisher–Yates shuffle in place, from the last element down.
    public mutating func shuffle(_ values: inout [Int]) {
        var i = values.count - 1
        while i > 0 {
            values.swapAt(i, below(i + 1))
            i -= 1
        }
    }
}
