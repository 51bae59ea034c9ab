import Foundation
import Testing

@testable import GradscopeNN

/// The vectorised tanh of `Vector.tanh8`, against the C library and an extended-precision reference.
@Suite("Vectorised tanh")
struct VectorTanhTests {
    /// Random points (uniform near 0, uniform over the whole interesting range, log-uniform
    /// magnitudes from 1e−30 to 1e3, both signs) and a fine sweep across both branches.
    static let points: [Double] = {
        var rng = Xoshiro256StarStar(seed: 2026)
        var xs: [Double] = []
        for _ in 0..<40_000 { xs.append(rng.uniform(-1, 1)) }
        for _ in 0..<40_000 { xs.append(rng.uniform(-25, 25)) }
        for _ in 0..<40_000 {
            let x = pow(10, rng.uniform(-30, 3))
            xs.append(rng.uniform() < 0.5 ? -x : x)
        }
        var x = -21.0
        while x < 21 {
            xs.append(x)
            x += 0.000_731
        }
        xs.append(contentsOf: [0.625, 0.625.nextDown, 0.625.nextUp, -0.625, -(0.625.nextDown), 0x1p-27, (0x1p-27).nextDown, -0x1p-27])
        while xs.count % 8 != 3 { xs.append(rng.uniform(-2, 2)) }  // so the buffer kernel's tail runs
        return xs
    }()

    /// Runs the buffer kernel over all points (count not a multiple of 8, so the tail path runs too).
    static func kernel(_ xs: [Double]) -> [Double] {
        var out = Array(repeating: Double.nan, count: xs.count)
        xs.withUnsafeBufferPointer { z in
            out.withUnsafeMutableBufferPointer { h in
                Activation.tanh.forward(z.baseAddress!, h.baseAddress!, count: xs.count)
            }
        }
        return out
    }

    /// |v − reference| in ulps of the reference rounded to Double.
    static func ulps(_ v: Double, _ reference: Double) -> Double {
        abs(v - reference) / reference.ulp
    }

    @Test("Vectorised tanh is within 3 ulp of Foundation's tanh on random and swept points")
    func againstFoundation() {
        let xs = Self.points
        #expect(xs.count % 8 != 0)
        let ours = Self.kernel(xs)
        var worst = 0.0
        var worstX = 0.0
        for (x, v) in zip(xs, ours) {
            let e = Self.ulps(v, Foundation.tanh(x))
            if e > worst {
                worst = e
                worstX = x
            }
        }
        // Ours is within 1.5 ulp of the truth, glibc's tanh within about 2.2 (2.0 apart measured here).
        #expect(worst <= 3, "worst \(worst) ulp at x = \(worstX)")
    }

    #if arch(x86_64) && canImport(Glibc)
        @Test("Vectorised tanh is within 1.5 ulp of an extended-precision tanh")
        func againstFloat80() {
            let xs = Self.points
            let ours = Self.kernel(xs)
            var worst = 0.0
            var worstX = 0.0
            for (x, v) in zip(xs, ours) {
                let reference = tanhl(Float80(x))
                let e = Double(abs(Float80(v) - reference) / Float80(Double(reference).ulp))
                if e > worst {
                    worst = e
                    worstX = x
                }
            }
            #expect(worst <= 1.5, "worst \(worst) ulp at x = \(worstX)")
        }
    #endif

    @Test("Every lane, the buffer tail and the scalar value give the same bits; tanh is exactly odd")
    func lanesAndSymmetry() {
        let xs = Array(Self.points.prefix(1_003))
        let buffer = Self.kernel(xs)
        let negated = Self.kernel(xs.map { -$0 })
        for (i, x) in xs.enumerated() {
            #expect(buffer[i].bitPattern == Activation.tanh.value(x).bitPattern, "x = \(x)")
            #expect(negated[i].bitPattern == (-buffer[i]).bitPattern, "x = \(x)")
            let lane = i % 8
            var v = SIMD8<Double>(repeating: .nan)
            v[lane] = x
            #expect(Vector.tanh8(v)[lane].bitPattern == buffer[i].bitPattern, "x = \(x), lane \(lane)")
        }
    }

    @Test("Edge cases: signed zeros, tiny and subnormal x, saturation, infinities and NaN")
    func edgeCases() {
        func t(_ x: Double) -> Double { Vector.tanh8(SIMD8(repeating: x))[0] }
        // ±0 keep their sign; tiny x give x itself (tanh x = x − x³/3 + …, no cancellation).
        for x in [
            0.0, -0.0, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude,
            Double.leastNormalMagnitude, -Double.leastNormalMagnitude, 1e-300, -1e-300,
            1e-20, -1e-20, 1e-10, -1e-10, (0x1p-27).nextDown, -((0x1p-27).nextDown),
        ] {
            #expect(t(x).bitPattern == x.bitPattern, "tanh(\(x))")
        }
        // Just above the tiny cut-off and in the small branch: the correct rounding or its neighbour.
        for x in [0x1p-27, 1e-8, 1e-5, -3e-4, 0.1, -0.3, 0.6] {
            #expect(Self.ulps(t(x), Foundation.tanh(x)) <= 1, "tanh(\(x))")
        }
        // Saturation: exactly ±1 from the point where 1 − tanh x drops below half an ulp of 1.
        for x in [19.1, 20, 36, 354.5, 355, 709, 710, 1e10, 1e300, Double.greatestFiniteMagnitude, .infinity] {
            #expect(t(x) == 1, "tanh(\(x))")
            #expect(t(-x) == -1, "tanh(\(-x))")
        }
        #expect(t(18) < 1)
        #expect(Self.ulps(t(18), Foundation.tanh(18)) <= 2)
        #expect(t(.nan).isNaN)
        #expect(t(-.nan).isNaN)
        #expect(t(.signalingNaN).isNaN)
        // A NaN lane does not disturb its neighbours.
        var v = SIMD8<Double>(repeating: 0.5)
        v[3] = .nan
        let r = Vector.tanh8(v)
        for lane in 0..<8 where lane != 3 { #expect(r[lane] == t(0.5)) }
        #expect(r[3].isNaN)
        // Bounded and non-decreasing across the branch point.
        var previous = -1.0
        var x = -3.0
        while x < 3 {
            let y = t(x)
            #expect(y >= previous && abs(y) <= 1, "tanh(\(x))")
            previous = y
            x += 0.001
        }
    }
}
