import Foundation
import Testing

@testable import GradscopeNN

/// One case of `Fixtures/pytorch-gradients.json` (see the golden README for its conventions).
struct GoldenCase: Sendable, CustomTestStringConvertible {
    var activation: String
    var depth: Int
    var loss: Loss
    var residual: Bool
    var dims: [Int]
    var weights: [Matrix]
    var biases: [[Double]]
    var x: Matrix
    var y: Matrix
    var output: Matrix
    var lossValue: Double
    var gradWeights: [Matrix]
    var gradBiases: [[Double]]
    var gradHidden: [Matrix]

    var testDescription: String { "\(activation) depth \(depth) \(loss.rawValue)\(residual ? " residual" : "")" }

    static let all: [GoldenCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pytorch-gradients.json")
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["cases"] as! [[String: Any]]).map(GoldenCase.init)
    }()

    init(_ c: [String: Any]) {
        func matrix(_ v: Any) -> Matrix { Matrix((v as! [[NSNumber]]).map { $0.map(\.doubleValue) }) }
        func vector(_ v: Any) -> [Double] { (v as! [NSNumber]).map(\.doubleValue) }
        activation = c["activation"] as! String
        depth = c["depth"] as! Int
        loss = Loss(rawValue: c["loss"] as! String)!
        residual = c["residual"] as! Bool
        dims = c["dims"] as! [Int]
        weights = (c["weights"] as! [Any]).map(matrix)
        biases = (c["biases"] as! [Any]).map(vector)
        x = matrix(c["x"]!)
        if loss == .crossEntropy {
            let labels = vector(c["y"]!)
            y = Matrix(rows: labels.count, cols: 1, values: labels)
        } else {
            y = matrix(c["y"]!)
        }
        output = matrix(c["output"]!)
        lossValue = (c["loss_value"] as! NSNumber).doubleValue
        gradWeights = (c["grad_weights"] as! [Any]).map(matrix)
        gradBiases = (c["grad_biases"] as! [Any]).map(vector)
        gradHidden = (c["grad_hidden"] as! [Any]).map(matrix)
    }

    /// The network of this case with the stored parameters.
    func network() -> MLP {
        let mlp = MLP(sizes: dims, activation: Activation(name: activation)!, residual: residual)
        for (l, layer) in mlp.layers.enumerated() {
            layer.weights = weights[l]
            layer.biases = biases[l]
        }
        return mlp
    }
}

/// |a − b| ≤ tolerance · max(|a|, |b|, floor): relative, with an absolute floor for values near zero.
func close(_ a: [Double], _ b: [Double], relative tolerance: Double = 1e-10, floor: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(abs($0), abs($1), floor) }
}

@Suite("PyTorch golden gradients")
struct GoldenTests {
    @Test("The fixture holds all 36 cases, every activation and both losses")
    func coverage() {
        #expect(GoldenCase.all.count == 36)
        #expect(Set(GoldenCase.all.map(\.activation)) == Set(Activation.names))
        #expect(Set(GoldenCase.all.map(\.loss)) == Set(Loss.allCases))
        #expect(GoldenCase.all.contains { $0.residual })
    }

    @Test("Output, loss and every gradient match PyTorch to 1e-10 relative", arguments: GoldenCase.all)
    func matches(_ golden: GoldenCase) {
        let result = golden.network().gradients(x: golden.x, targets: golden.y, loss: golden.loss)
        #expect(close(result.output.storage, golden.output.storage))
        #expect(close([result.loss], [golden.lossValue]))
        for l in 0..<golden.weights.count {
            #expect(close(result.weightGradients[l].storage, golden.gradWeights[l].storage), "∂L/∂W\(l + 1)")
            #expect(close(result.biasGradients[l], golden.gradBiases[l]), "∂L/∂b\(l + 1)")
        }
        #expect(result.hiddenGradients.count == golden.gradHidden.count)
        for (l, g) in golden.gradHidden.enumerated() {
            #expect(close(result.hiddenGradients[l].storage, g.storage), "∂L/∂h\(l + 1)")
        }
    }
}
