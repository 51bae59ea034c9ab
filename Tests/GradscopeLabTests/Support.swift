import Foundation
import GradscopeNN

@testable import GradscopeLab

/// A small, fast electricity run.
func smallSpec(_ activation: Activation = .tanh, depth: Int = 2, epochs: Int = 3, lr: Double = 0.05) -> RunSpec {
    RunSpec(
        dataset: DatasetSpec(.electricity(samples: 512), seed: 3), activation: activation, depth: depth,
        width: 16, optimizer: OptimizerSpec(.sgd, learningRate: lr), batchSize: 32, epochs: epochs,
        seed: 17, histogramBins: 10)
}

/// A fresh empty folder under the system's temporary folder.
func temporaryFolder() -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("gradscope-lab-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The run as cache bytes, so equality includes every bit (NaN included).
func bytes(_ results: [RunResult]) -> Data {
    try! RunCache.encoder.encode(results)
}
