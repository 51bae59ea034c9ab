import Foundation
import Testing

@testable import GradscopeNN

@Suite("Random streams and the normal quantile")
struct RandomnessTests {
    @Test("Stream seeds follow the documented formula (values from an independent implementation)")
    func streamSeeds() {
        #expect(SplitMix64.streamSeed(0, label: "init", index: 1) == 0x4463_79CD_C7E5_A5B1)
        #expect(SplitMix64.streamSeed(17, label: "batches") == 0xD3D6_332F_8899_71BD)
        #expect(SplitMix64.streamSeed(42, label: "data.generate") == 0xEA71_AE1D_1E3D_2002)
        #expect(SplitMix64.streamSeed(.max, label: "init", index: -1) == 0x9740_8A77_CF50_DA0D)
        var named = Xoshiro256StarStar(parent: 17, stream: "batches")
        var seeded = Xoshiro256StarStar(seed: 0xD3D6_332F_8899_71BD)
        #expect(named.next() == seeded.next())
    }

    @Test("Φ⁻¹ gives known quantiles in each of AS241's three regions")
    func knownQuantiles() {
        let known: [(p: Double, x: Double)] = [
            (0.75, 0.6744897501960817), (0.975, 1.959963984540054),  // central; intermediate
            (1e-10, -6.361340902404056), (1e-20, -9.262340089798408),  // intermediate; far tail
        ]
        for (p, x) in known {
            #expect(abs(StandardNormal.quantile(p) - x) <= 2e-15 * abs(x), "Φ⁻¹(\(p))")
        }
        #expect(StandardNormal.quantile(0.5) == 0)
        #expect(StandardNormal.quantile(0) == -.infinity && StandardNormal.quantile(1) == .infinity)
        #expect(StandardNormal.quantile(-0.1).isNaN && StandardNormal.quantile(.nan).isNaN)
    }

    @Test("Open uniforms avoid 0 and 1; Φ⁻¹ of them is exactly antisymmetric and inverts Φ")
    func inversion() {
        var rng = Xoshiro256StarStar(seed: 21)
        let us = (0..<20_000).map { _ in rng.openUniform() }
        #expect(us.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(us.allSatisfy { StandardNormal.quantile(1 - $0) == -StandardNormal.quantile($0) })
        // Φ(x) = erfc(−x/√2)/2, accurate in relative terms below ½.
        let worst = us.filter { $0 < 0.5 }.map { u in
            abs(0.5 * erfc(-StandardNormal.quantile(u) / 2.squareRoot()) - u) / u
        }.max()!
        #expect(worst < 1e-13)
        // The smallest open uniform, (0 + ½) · 2⁻⁵², bounds every normal draw: |x| < 8.21.
        #expect(abs(StandardNormal.quantile(0x1.0p-53) + 8.209536151601386) < 1e-13)
    }

    @Test("A normal draw is Φ⁻¹ of the open uniform the same draw would give")
    func normalIsInversion() {
        var a = Xoshiro256StarStar(seed: 5)
        var b = a
        for _ in 0..<100 { #expect(a.normal() == StandardNormal.quantile(b.openUniform())) }
    }

    @Test("Each layer's initial weights come from its own stream: other layers' sizes do not matter")
    func layerStreams() {
        let narrow = MLP(sizes: [8, 16, 16, 1], activation: .relu)
        let wide = MLP(sizes: [8, 16, 16, 3], activation: .relu)
        narrow.initialize(.heNormal, seed: 7)
        wide.initialize(.heNormal, seed: 7)
        #expect(narrow.layers[0].weights == wide.layers[0].weights && narrow.layers[1].weights == wide.layers[1].weights)
        // he_normal depends on fan-in only, and rows are drawn in order: the output rows they share agree too.
        #expect(narrow.layers[2].weights.storage == Array(wide.layers[2].weights.storage.prefix(16)))
        var layer1 = Xoshiro256StarStar(parent: 7, stream: "init", index: 1)
        #expect(narrow.layers[0].weights[0, 0] == (2.0 / 8).squareRoot() * layer1.normal())
        let reseeded = MLP(sizes: [8, 16, 16, 1], activation: .relu)
        reseeded.initialize(.heNormal, seed: 8)
        #expect(reseeded.layers[0].weights != narrow.layers[0].weights)
    }
}
