import Foundation
import GradscopeNN
import Testing

@testable import GradscopeLab

/// A minimal .npy reader for the formats the export writes.
struct NPY {
    var descr: String
    var shape: [Int]
    var doubles: [Double]
    var ints: [Int64]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        try #require(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + length) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + length)], as: UTF8.self)
        descr = header.contains("'<f8'") ? "<f8" : "<i8"
        #expect(header.contains("'fortran_order': False"))
        let inner = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        shape = inner.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = Array(bytes[(10 + length)...])
        let count = body.count / 8
        let words = (0..<count).map { i in (0..<8).reduce(UInt64(0)) { $0 | UInt64(body[i * 8 + $1]) << (8 * $1) } }
        #expect(count == shape.reduce(1, *))
        doubles = words.map(Double.init(bitPattern:))
        ints = words.map { Int64(bitPattern: $0) }
    }

    static func read(_ folder: String, _ name: String) throws -> NPY {
        try NPY(Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name))))
    }
}

@Suite("Tensor export")
struct ExportTests {
    @Test("Exported tensors reproduce the exported gradients", arguments: [("mse", false), ("cross_entropy", false), ("mse", true)])
    func roundTrip(_ option: (String, Bool)) throws {
        var spec =
            option.0 == "mse"
            ? smallSpec(.gelu, depth: 3)
            : RunSpec(
                dataset: DatasetSpec(.spirals(samples: 200, classes: 2), seed: 1), activation: .gelu, depth: 3, width: 16,
                loss: .crossEntropy, batchSize: 32, seed: 5)
        spec.residual = option.1
        let folder = temporaryFolder()
        let summary = try exportTensors(spec, to: folder)
        #expect(summary.dims.count == 5 && summary.files.last == "meta.json")
        let mlp = MLP(sizes: summary.dims, activation: Activation(name: summary.activation)!, residual: summary.residual)
        for (i, layer) in mlp.layers.enumerated() {
            let w = try NPY.read(folder, "layer\(i + 1).weight.npy")
            #expect(w.shape == [layer.outputs, layer.inputs] && w.descr == "<f8")
            layer.weights = Matrix(rows: layer.outputs, cols: layer.inputs, values: w.doubles)
            layer.biases = try NPY.read(folder, "layer\(i + 1).bias.npy").doubles
        }
        let x = try NPY.read(folder, "batch.x.npy")
        #expect(x.shape == [32, summary.dims[0]])
        let y = try NPY.read(folder, "batch.y.npy")
        let targets: Matrix
        if option.0 == "cross_entropy" {
            #expect(y.descr == "<i8" && y.shape == [32])
            targets = Matrix(rows: 32, cols: 1, values: y.ints.map(Double.init))
        } else {
            #expect(y.shape == [32, 1])
            targets = Matrix(rows: 32, cols: 1, values: y.doubles)
        }
        let g = mlp.gradients(
            x: Matrix(rows: 32, cols: x.shape[1], values: x.doubles), targets: targets,
            loss: Loss(rawValue: summary.loss)!)
        #expect(g.loss == summary.lossValue)
        for l in 0..<mlp.layers.count {
            #expect(try NPY.read(folder, "layer\(l + 1).weight.grad.npy").doubles == g.weightGradients[l].storage)
            #expect(try NPY.read(folder, "layer\(l + 1).bias.grad.npy").doubles == g.biasGradients[l])
        }
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/meta.json"))) as! [String: Any]
        #expect(meta["activation"] as? String == "gelu")
        #expect(meta["loss"] as? String == option.0)
        #expect(meta["residual"] as? Bool == option.1)
    }
}
