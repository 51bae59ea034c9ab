/// Vectorised elementwise functions on SIMD8<Double>, written with explicit operations only, so
/// they give the same bits on every CPU (fused multiply-adds are exactly rounded).
enum Vector {
    /// eˣ for x clamped to [−708, 709] (so 2ⁿ below stays a normal number), within about 1 ulp.
    /// Cody–Waite reduction x = n·ln2 + r with |r| ≤ ln2/2, then a degree-13 Taylor polynomial
    /// in Horner form, then scaling by 2ⁿ built in the exponent bits.
    @inline(__always)
    static func expClamped(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let shifter = SIMD8<Double>(repeating: 0x1.8p52)
        // clamped(lowerBound:upperBound:) lane by lane, NaN included (it becomes −708), without the
        // generic pointwise calls: x where x ≥ −708 else −708, then 709 where above.
        let low = SIMD8<Double>(repeating: -708), high = SIMD8<Double>(repeating: 709)
        var clamped = x.replacing(with: low, where: .!(x .>= low))
        clamped.replace(with: high, where: clamped .> high)
        let t = clamped * 1.4426950408889634073599246810019 + shifter
        let n = t - shifter
        var r = clamped.addingProduct(-n, SIMD8(repeating: 6.93147180369123816490e-01))
        r = r.addingProduct(-n, SIMD8(repeating: 1.90821492927058770002e-10))
        var p = SIMD8<Double>(repeating: 1.0 / 6227020800.0)
        p = SIMD8(repeating: 1.0 / 479001600).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 39916800).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 3628800).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 362880).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 40320).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 5040).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 720).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 120).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 24).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 6).addingProduct(p, r)
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

    /// h[i] = σ(z[i]); the tail is padded into one SIMD8 so every element takes the same path.
    static func sigmoid(_ z: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i + 8 <= count {
            GEMM.store8(sigmoid8(GEMM.load8(z + i)), h + i)
            i += 8
        }
        if i < count {
            var v = SIMD8<Double>(repeating: 0)
            for j in 0..<(count - i) { v[j] = z[i + j] }
            let s = sigmoid8(v)
            for j in 0..<(count - i) { h[i + j] = s[j] }
        }
    }

    /// h[i] = max(z[i], 0), written as z[i] > 0 ? z[i] : 0 (NaN and −0 give +0).
    static func relu(_ z: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        let zero = SIMD8<Double>(repeating: 0)
        while i + 8 <= count {
            let v = GEMM.load8(z + i)
            GEMM.store8(v.replacing(with: zero, where: .!(v .> zero)), h + i)
            i += 8
        }
        while i < count { h[i] = z[i] > 0 ? z[i] : 0; i += 1 }
    }

    /// dz[i] = z[i] > 0 ? dh[i] : 0.
    static func reluBackward(_ dh: UnsafePointer<Double>, _ z: UnsafePointer<Double>, _ dz: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        let zero = SIMD8<Double>(repeating: 0)
        while i + 8 <= count {
            let v = GEMM.load8(z + i)
            GEMM.store8(GEMM.load8(dh + i).replacing(with: zero, where: .!(v .> zero)), dz + i)
            i += 8
        }
        while i < count { dz[i] = z[i] > 0 ? dh[i] : 0; i += 1 }
    }

    /// dz[i] = dh[i] · (h[i] · (1 − h[i])).
    static func sigmoidBackward(_ dh: UnsafePointer<Double>, _ h: UnsafePointer<Double>, _ dz: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let hv = GEMM.load8(h + i)
            GEMM.store8(GEMM.load8(dh + i) * (hv * (1 - hv)), dz + i)
            i += 8
        }
        while i < count { dz[i] = dh[i] * (h[i] * (1 - h[i])); i += 1 }
    }

    /// h[i] = tanh(z[i]) through the C library (correct to an ulp, no cancellation near zero).
    static func tanh(_ z: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { h[i] = GradscopeNN.tanh(z[i]) }
    }
}
