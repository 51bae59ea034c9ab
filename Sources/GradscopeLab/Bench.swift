import Dispatch
import GradscopeNN

/// The engine's speed on issue 6's shape: width 64, batch 64, 8 inputs → 1 output (the electricity
/// features), MSE, SGD (lr 0.05), one thread, every layer's gradient norms computed every step.
/// Meaningful only in a release build.
public enum Bench {
    public struct Measurement: Codable, Hashable, Sendable {
        public var depth: Int
        public var activation: String
        public var width: Int
        public var batch: Int
        public var inputs: Int
        public var outputs: Int
        public var steps: Int
        public var seconds: Double
        public var stepsPerSecond: Double
        /// Floating-point operations of the three matrix products per step (2 per multiply-add:
        /// forward X·Wᵀ for every layer, ∂L/∂W for every layer, ∂L/∂X for every layer but the first),
        /// divided by the time per step. Activations, losses, norms and updates are not counted.
        public var gflops: Double
    }

    /// Trains `steps` steps after `warmup` untimed ones and reports the rate.
    public static func measure(depth: Int, activation: String, steps: Int = 2000, warmup: Int = 100) throws -> Measurement {
        let width = 64, batch = 64
        let spec = RunSpec(dataset: DatasetSpec(name: "electricity", samples: 4096), activation: activation,
                           depth: depth, width: width, optimizer: OptimizerSpec(name: "sgd", learningRate: 0.05),
                           batchSize: batch, epochs: 1, seed: 1)
        var trainer = try Trainer(spec)
        let data = trainer.split.train
        let session = trainer.session
        let order = trainer.shuffledOrder()
        let batches = order.count / batch
        func run(_ n: Int) {
            for s in 0..<n {
                let start = (s % batches) * batch
                session.trainStep(data, rows: order[start..<(start + batch)])
            }
        }
        run(warmup)
        let begin = DispatchTime.now().uptimeNanoseconds
        run(steps)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        let sizes = session.mlp.sizes
        var flops = 0.0
        for l in 1..<sizes.count {
            let products = l == 1 ? 2.0 : 3.0
            flops += products * 2 * Double(batch * sizes[l - 1] * sizes[l])
        }
        return Measurement(depth: depth, activation: activation, width: width, batch: batch, inputs: sizes[0],
                           outputs: sizes[sizes.count - 1], steps: steps, seconds: seconds,
                           stepsPerSecond: Double(steps) / seconds, gflops: flops * Double(steps) / seconds / 1e9)
    }
}
