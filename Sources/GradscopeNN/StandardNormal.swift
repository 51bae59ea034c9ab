/// The standard normal distribution's quantile function.
public enum StandardNormal {
    /// Φ⁻¹(p) by Wichura's algorithm AS241, PPND16 (M. J. Wichura, "The Percentage Points of the
    /// Normal Distribution", Applied Statistics 37(3), 1988, 477–484), relative accuracy about 1e-16.
    /// With q = p − ½:
    ///
    ///     |q| ≤ 0.425:  Φ⁻¹(p) = q · A(r) / B(r),            r = 0.180625 − q²
    ///     otherwise:    r = √(−log min(p, 1 − p)),
    ///                   r ≤ 5:  ±C(r − 1.6) / D(r − 1.6)
    ///                   r > 5:  ±E(r − 5) / F(r − 5)           (sign of q)
    ///
    /// A … F are the published degree-7 polynomials (B, D, F with constant term 1), evaluated by
    /// Horner's rule in the published order. Exactly antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p) whenever
    /// 1 − p is exact. p = 0 gives −∞, p = 1 gives +∞, and p outside [0, 1] (or NaN) gives NaN.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            return p == 0 ? -.infinity : p == 1 ? .infinity : .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * horner(r, a) / horner(r, b)
        }
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = horner(r, c) / horner(r, d)
        } else {
            r -= 5
            value = horner(r, e) / horner(r, f)
        }
        return q < 0 ? -value : value
    }

    /// ((((((k₇ r + k₆) r + k₅) r + k₄) r + k₃) r + k₂) r + k₁) r + k₀, as AS241 writes it.
    @inline(__always)
    private static func horner(_ r: Double, _ k: (Double, Double, Double, Double, Double, Double, Double, Double)) -> Double {
        ((((((k.7 * r + k.6) * r + k.5) * r + k.4) * r + k.3) * r + k.2) * r + k.1) * r + k.0
    }

    // Coefficients k₀ … k₇ of AS241, for p close to ½ (a, b), not close to 0, ½ or 1 (c, d),
    // and near 0 or 1 (e, f).
    private static let a = (
        3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
        1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
        3.3430575583588128105e+4, 2.5090809287301226727e+3
    )
    private static let b = (
        1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2,
        5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4,
        2.8729085735721942674e+4, 5.2264952788528545610e+3
    )
    private static let c = (
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
        3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
        2.27238449892691845833e-2, 7.74545014278341407640e-4
    )
    private static let d = (
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0,
        6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2,
        5.47593808499534494600e-4, 1.05075007164441684324e-9
    )
    private static let e = (
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
        2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
        2.71155556874348757815e-5, 2.01033439929228813265e-7
    )
    private static let f = (
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
        1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5,
        1.42151175831644588870e-7, 2.04426310338993978564e-15
    )
}
