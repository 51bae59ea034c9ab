/// Interleaved spirals in the plane, one arm per class (classification; hard for deep sigmoid nets).
///
/// Example i belongs to class c = i mod K. With t ~ U(0, 1), the point lies at radius r = t and
/// angle θ = 2πc / K + 3π t (one and a half turns), plus N(0, 0.03²) noise on each coordinate:
/// (r cos θ, r sin θ). Targets are class indices.
public enum Spirals {
    public static func generate(samples: Int, classes: Int, seed: UInt64) -> Dataset {
        precondition(classes >= 2, "spirals need at least two classes")
        var rng = Xoshiro256StarStar(seed: seed)
        var x = Matrix(rows: samples, cols: 2)
        var y = Matrix(rows: samples, cols: 1)
        for i in 0..<samples {
            let c = i % classes
            let t = rng.uniform()
            let theta = 2 * Double.pi * Double(c) / Double(classes) + 3 * Double.pi * t
            x[i, 0] = t * cos(theta) + 0.03 * rng.normal()
            x[i, 1] = t * sin(theta) + 0.03 * rng.normal()
            y[i, 0] = Double(c)
        }
        return Dataset(features: x, targets: y, task: .classification(classes: classes), featureNames: ["x", "y"])
    }
}
