/// Vectorised elementwise functions on SIMD8<Double>, written with explicit operations only, so
/// they give the same bits on every CPU (fused multiply-adds are exactly rounded).
enum Vector {
    /// eˣ for x clamped to [−708, 709] (so 2ⁿ below stays a normal number), within about 1 ulp.
    /// Cody–Waite reduction x = n·ln2 + r with |r| ≤ ln2/2 (n = x·log₂e rounded, by one fused
    /// multiply-add with 1.5·2⁵²), then the degree-13 Taylor polynomial of eʳ, then scaling by 2ⁿ
    /// built in the exponent bits. The polynomial is 1 + r(1 + r(1/2 + r(1/6 + r·U(r)))) with
    /// U = Σₖ≥₄ rᵏ⁻⁴/k! evaluated by Estrin's scheme: a chain of 7 dependent operations instead of
    /// Horner's 13, so more lanes are in flight at once (these loops are bound by latency).
    @inline(__always)
    static func expClamped(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let shifter = SIMD8<Double>(repeating: 0x1.8p52)
        // clamped(lowerBound:upperBound:) lane by lane, NaN included (it becomes −708), without the
        // generic pointwise calls: x where x ≥ −708 else −708, then 709 where above.
        let low = SIMD8<Double>(repeating: -708)
        let high = SIMD8<Double>(repeating: 709)
        var clamped = x.replacing(with: low, where: .!(x .>= low))
        clamped.replace(with: high, where: clamped .> high)
        let t = shifter.addingProduct(clamped, SIMD8(repeating: 1.4426950408889634073599246810019))
        let n = t - shifter
        var r = clamped.addingProduct(-n, SIMD8(repeating: 6.93147180369123816490e-01))
        r = r.addingProduct(-n, SIMD8(repeating: 1.90821492927058770002e-10))
        let r2 = r * r
        let r4 = r2 * r2
        let q4 = SIMD8<Double>(repeating: 1.0 / 24).addingProduct(r, SIMD8(repeating: 1.0 / 120))
        let q6 = SIMD8<Double>(repeating: 1.0 / 720).addingProduct(r, SIMD8(repeating: 1.0 / 5040))
        let q8 = SIMD8<Double>(repeating: 1.0 / 40320).addingProduct(r, SIMD8(repeating: 1.0 / 362880))
        let q10 = SIMD8<Double>(repeating: 1.0 / 3_628_800).addingProduct(r, SIMD8(repeating: 1.0 / 39_916_800))
        let q12 = SIMD8<Double>(repeating: 1.0 / 479_001_600).addingProduct(r, SIMD8(repeating: 1.0 / 6_227_020_800))
        let u = q4.addingProduct(q6, r2).addingProduct(q8.addingProduct(q10, r2).addingProduct(q12, r4), r4)
        var p = SIMD8<Double>(repeating: 1.0 / 6).addingProduct(u, r)
        p = SIMD8(repeating: 0.5).addingProduct(p, r)
        p = SIMD8(repeating: 1).addingProduct(p, r)
        p = SIMD8(repeating: 1).addingProduct(p, r)
        let bits = unsafeBitCast(t, to: SIMD8<UInt64>.self) &- SIMD8(repeating: (0x1.8p52 as Double).bitPattern)
        let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: SIMD8<Double>.self)
        return p * scale
    }

    /// σ(z) = 1 / (1 + e⁻ᶻ).
    @inline(__always)
    static func sigmoid8(_ z: SIMD8<Double>) -> SIMD8<Double> {
        1 / (1 + expClamped(-z))
    }

    /// h[i] = f(z[i]). Four vectors per turn: each is a long chain of dependent operations, and the
    /// CPU overlaps chains only as far as its scheduler reaches, so independent chains side by side
    /// keep its units busy. The tail is padded into one SIMD8, so every element takes the same
    /// path. (Generic, not closure-taking: specialised per function, the kernel is inlined.)
    static func map<F: LaneFunction>(_ f: F, _ z: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i &+ 32 <= count {
            let v0 = f.apply(GEMM.load8(z + i))
            let v1 = f.apply(GEMM.load8(z + (i &+ 8)))
            let v2 = f.apply(GEMM.load8(z + (i &+ 16)))
            let v3 = f.apply(GEMM.load8(z + (i &+ 24)))
            GEMM.store8(v0, h + i)
            GEMM.store8(v1, h + (i &+ 8))
            GEMM.store8(v2, h + (i &+ 16))
            GEMM.store8(v3, h + (i &+ 24))
            i &+= 32
        }
        while i &+ 8 <= count {
            GEMM.store8(f.apply(GEMM.load8(z + i)), h + i)
            i &+= 8
        }
        if i < count {
            var v = SIMD8<Double>(repeating: 0)
            for j in 0..<(count - i) { v[j] = z[i + j] }
            let s = f.apply(v)
            for j in 0..<(count - i) { h[i + j] = s[j] }
        }
    }

    /// tanh x on eight lanes, within 1.5 ulp on the whole line (1.34 ulp measured against an
    /// extended-precision reference; glibc's own tanh reaches 2.15). With a = |x|:
    /// - a < 2⁻²⁷: x itself (tanh x = x(1 − x²/3 + …) rounds to x), so ±0 and subnormals are exact;
    /// - a < 0.625: the Cephes minimax rational tanh x = x + x·z·P(z)/Q(z), z = x², P of degree 2,
    ///   Q of degree 3 (relative error about 2e−17); the correction is under 12 % of x, so nothing
    ///   cancels and the division's rounding is scaled down with it;
    /// - a ≥ 0.625: 1 − 2/(e²ᵃ + 1) through `expClamped`, with the sign of x put back; past
    ///   a = 354.5 the exponent is clamped at 709 and the result is exactly ±1 (±∞ included);
    /// - NaN gives NaN.
    /// Both branches run on all lanes and each lane picks its own, so a lane never depends on its
    /// neighbours: the same x gives the same bits wherever it sits.
    @inline(__always)
    static func tanh8(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let signMask = SIMD8<UInt64>(repeating: 0x8000_0000_0000_0000)
        let xBits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        let aBits = xBits & ~signMask
        let a = unsafeBitCast(aBits, to: SIMD8<Double>.self)
        // Lane masks (all ones or zero) from the bit patterns, which for a ≥ 0 order as the values
        // do, NaN above ∞. (SIMD comparisons with `.<` and `replacing(with:where:)` compiled to
        // lane-by-lane loops here; integer subtraction and shifts stay vector instructions.)
        let isSmall = below(aBits, (0.625 as Double).bitPattern)
        let isTinyOrNaN = below(aBits, (0x1p-27 as Double).bitPattern) | below(SIMD8(repeating: Double.infinity.bitPattern), aBits)
        // Small: x + x·z·P(z)/Q(z), z = x², Q monic.
        let z = x * x
        var p = SIMD8<Double>(repeating: -9.64399179425052238628e-1)
        p = SIMD8(repeating: -9.92877231001918586564e1).addingProduct(p, z)
        p = SIMD8(repeating: -1.61468768441708447952e3).addingProduct(p, z)
        var q = z + 1.12811678491632931402e2
        q = SIMD8(repeating: 2.23548839060100448583e3).addingProduct(q, z)
        q = SIMD8(repeating: 4.84406305325125486048e3).addingProduct(q, z)
        // Large: 1 − 2/(e²ᵃ + 1). One division serves both branches: each lane divides its own
        // branch's numerator by its own denominator, the same operands as two separate divisions.
        let ratio = select(isSmall, p, SIMD8(repeating: 2)) / select(isSmall, q, expClamped(a + a) + 1)
        let small = x.addingProduct(x * z, ratio)
        let large = 1 - ratio  // at least 0.55; then the sign bit of x
        let signedLarge = unsafeBitCast(unsafeBitCast(large, to: SIMD8<UInt64>.self) | (xBits & signMask), to: SIMD8<Double>.self)
        return select(isTinyOrNaN, x, select(isSmall, small, signedLarge))
    }

    /// All ones in the lanes where a < b (a, b < 2⁶³), zero elsewhere: the sign of a − b, spread.
    @inline(__always)
    static func below(_ a: SIMD8<UInt64>, _ b: SIMD8<UInt64>) -> SIMD8<UInt64> {
        unsafeBitCast(unsafeBitCast(a &- b, to: SIMD8<Int64>.self) &>> 63, to: SIMD8<UInt64>.self)
    }

    @inline(__always)
    static func below(_ a: SIMD8<UInt64>, _ b: UInt64) -> SIMD8<UInt64> {
        below(a, SIMD8(repeating: b))
    }

    /// `yes` in the lanes where `mask` is all ones, `no` where it is zero.
    @inline(__always)
    static func select(_ mask: SIMD8<UInt64>, _ yes: SIMD8<Double>, _ no: SIMD8<Double>) -> SIMD8<Double> {
        let y = unsafeBitCast(yes, to: SIMD8<UInt64>.self)
        let n = unsafeBitCast(no, to: SIMD8<UInt64>.self)
        return unsafeBitCast((y & mask) | (n & ~mask), to: SIMD8<Double>.self)
    }

    /// dz[i] = f(dh[i], z[i], h[i]); returns Σ dh[i]², summed exactly as `Buffer.sumOfSquares`
    /// sums (the hidden gradient's norm, taken while dh is loaded anyway).
    static func backward<F: DerivativeLanes>(
        _ f: F, _ dh: UnsafePointer<Double>, _ z: UnsafePointer<Double>,
        _ h: UnsafePointer<Double>, _ dz: UnsafeMutablePointer<Double>, count n: Int
    ) -> Double {
        @inline(__always) func lanes(_ i: Int, _ squares: inout SIMD8<Double>) {
            let g = GEMM.load8(dh + i)
            squares.addProduct(g, g)
            GEMM.store8(f.apply(g, GEMM.load8(z + i), GEMM.load8(h + i)), dz + i)
        }
        var a0 = SIMD8<Double>(repeating: 0)
        var a1 = a0
        var a2 = a0
        var a3 = a0
        var i = 0
        while i &+ 32 <= n {
            lanes(i, &a0)
            lanes(i &+ 8, &a1)
            lanes(i &+ 16, &a2)
            lanes(i &+ 24, &a3)
            i &+= 32
        }
        var squares = (a0 + a1) + (a2 + a3)
        while i &+ 8 <= n {
            lanes(i, &squares)
            i &+= 8
        }
        var tail = 0.0
        while i < n {
            tail.addProduct(dh[i], dh[i])
            dz[i] = f.apply(dh[i], z[i], h[i])
            i += 1
        }
        return Buffer.combine(squares) + tail
    }
}
