/// The activations `Vector.map` and `Vector.backward` run on eight lanes, and their derivatives.
/// `Activation.value` and `Activation.derivative` evaluate these same lanes on one value, so a
/// curve, a probe and a training step agree to the bit.
extension Vector {
    /// A function applied lane by lane, for `map`.
    protocol LaneFunction: Sendable {
        func apply(_ z: SIMD8<Double>) -> SIMD8<Double>
        /// Whether `GEMM` applies the function in a pass over each finished block of C instead of
        /// to the register tile: a long function's constants and temporaries would crowd the tile's
        /// accumulators out of registers (2 % of a sigmoid step at width 64, depth 32). Each
        /// element gets f once, on the same value, either way.
        static var appliesAfterBlock: Bool { get }
    }

    /// dh · φ′ lane by lane, from z and h = φ(z), for `backward`; `apply(_:_:_:)` on single values
    /// uses the same lanes.
    protocol DerivativeLanes {
        func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double>
    }

    /// z itself: a plain matrix product's output.
    struct Unchanged: LaneFunction {
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> { z }
    }

    /// z > 0 ? z : +0 (NaN and −0 give +0).
    struct ReLU: LaneFunction {
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> {
            unsafeBitCast(unsafeBitCast(z, to: SIMD8<UInt64>.self) & positive(z), to: SIMD8<Double>.self)
        }
    }

    struct Sigmoid: LaneFunction {
        static let appliesAfterBlock = true
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> { sigmoid8(z) }
    }

    struct Tanh: LaneFunction {
        static let appliesAfterBlock = true
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> { tanh8(z) }
    }

    /// z > 0 ? z : s·z.
    struct LeakyReLU: LaneFunction {
        let slope: Double
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> { select(positive(z), z, slope * z) }
    }

    /// λ · (z > 0 ? z : α(eᶻ − 1)): ELU with λ = 1, SELU with its constants.
    struct ELU: LaneFunction {
        static let appliesAfterBlock = true
        let alpha: Double, scale: Double
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> {
            scale * select(positive(z), z, alpha * (expClamped(z) - 1))
        }
    }

    /// z · σ(z), as z / (1 + e⁻ᶻ).
    struct SiLU: LaneFunction {
        static let appliesAfterBlock = true
        @inline(__always) func apply(_ z: SIMD8<Double>) -> SIMD8<Double> { z / (1 + expClamped(-z)) }
    }

    /// dh · h(1 − h).
    struct SigmoidDerivative: DerivativeLanes {
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> { dh * (h * (1 - h)) }
    }

    /// dh · (1 − h²).
    struct TanhDerivative: DerivativeLanes {
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> { dh * (1 - h * h) }
    }

    /// z > 0 ? dh : 0 (dh itself or +0, so no 0 · ∞).
    struct ReLUDerivative: DerivativeLanes {
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> {
            unsafeBitCast(unsafeBitCast(dh, to: SIMD8<UInt64>.self) & positive(z), to: SIMD8<Double>.self)
        }
    }

    /// dh.
    struct IdentityDerivative: DerivativeLanes {
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> { dh }
    }

    /// dh · (z > 0 ? 1 : s).
    struct LeakyReLUDerivative: DerivativeLanes {
        let slope: Double
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> {
            dh * select(positive(z), SIMD8(repeating: 1), SIMD8(repeating: slope))
        }
    }

    /// dh · (z > 0 ? λ : λα·eᶻ).
    struct ELUDerivative: DerivativeLanes {
        let alpha: Double, scale: Double
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> {
            dh * select(positive(z), SIMD8(repeating: scale), (scale * alpha) * expClamped(z))
        }
    }

    /// dh · s(1 + z(1 − s)), s = σ(z) = 1 / (1 + e⁻ᶻ).
    struct SiLUDerivative: DerivativeLanes {
        @inline(__always) func apply(_ dh: SIMD8<Double>, _ z: SIMD8<Double>, _ h: SIMD8<Double>) -> SIMD8<Double> {
            let s = sigmoid8(z)
            return dh * (s * (1 + z * (1 - s)))
        }
    }

    /// All ones in the lanes where z > 0, from z's bits: sign clear, magnitude above +0 and not
    /// above +∞ (so ±0, negatives and NaN give zero). (`replacing(with:where:)` with `.>` compiled
    /// to a lane-by-lane loop inside the generic loops: a quarter of a depth-32 relu step.)
    @inline(__always)
    static func positive(_ z: SIMD8<Double>) -> SIMD8<UInt64> {
        let bits = unsafeBitCast(z, to: SIMD8<UInt64>.self)
        let magnitude = bits & SIMD8(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        let negative = unsafeBitCast(unsafeBitCast(bits, to: SIMD8<Int64>.self) &>> 63, to: SIMD8<UInt64>.self)
        return below(SIMD8(repeating: 0), magnitude) & below(magnitude, Double.infinity.bitPattern + 1) & ~negative
    }
}

extension Vector.LaneFunction {
    /// Short functions (a mask, a select) are applied in the register tile.
    static var appliesAfterBlock: Bool { false }

    /// The function on one value, through the same lanes.
    func apply(_ z: Double) -> Double { apply(SIMD8(repeating: z))[0] }
}

extension Vector.DerivativeLanes {
    /// dh · φ′ on one value, through the same lanes.
    func apply(_ dh: Double, _ z: Double, _ h: Double) -> Double {
        apply(SIMD8(repeating: dh), SIMD8(repeating: z), SIMD8(repeating: h))[0]
    }
}
