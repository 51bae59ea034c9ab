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
        /// Timed steps in each repetition.
        public var steps: Int
        /// Steps per second of each repetition, in the order they ran.
        public var repetitions: [Double]
        /// The median of `repetitions`.
        public var stepsPerSecond: Double
        /// Floating-point operations of the three matrix products per step (2 per multiply-add:
        /// forward X·Wᵀ for every layer, ∂L/∂W for every layer, ∂L/∂X for every layer but the first)
        /// at the median rate. Activations, losses, norms and updates are not counted.
        public var gflops: Double
    }

    /// Trains min(100, steps) untimed steps, then `repetitions` timed runs of `steps` steps one
    /// after the other (training goes on across them), and reports each rate and their median: on
    /// a shared machine, whose speed drifts, the median of several short runs says more than one
    /// long one.
    public static func measure(depth: Int, activation: Activation, steps: Int = 2000, repetitions: Int = 3) throws -> Measurement {
        precondition(steps >= 1 && repetitions >= 1, "a measurement needs at least one step and one repetition")
        let width = 64, batch = 64
        let spec = RunSpec(dataset: DatasetSpec(.electricity(samples: 4096)), activation: activation,
                           depth: depth, width: width, optimizer: OptimizerSpec(.sgd, learningRate: 0.05),
                           batchSize: batch, epochs: 1, seed: 1)
        var trainer = try Trainer(spec)
        let data = trainer.split.train
        let session = trainer.session
        let order = trainer.shuffledOrder()
        let batches = order.count / batch
        var step = 0
        func run(_ n: Int) {
            for _ in 0..<n {
                let start = (step % batches) * batch
                session.trainStep(data, rows: order[start..<(start + batch)])
                step += 1
            }
        }
        run(min(100, steps))
        var rates: [Double] = []
        for _ in 0..<repetitions {
            let begin = DispatchTime.now().uptimeNanoseconds
            run(steps)
            rates.append(Double(steps) / (Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9))
        }
        let sizes = session.mlp.sizes
        var flops = 0.0
        for l in 1..<sizes.count {
            let products = l == 1 ? 2.0 : 3.0
            flops += products * 2 * Double(batch * sizes[l - 1] * sizes[l])
        }
        let rate = Statistics.median(rates)
        return Measurement(depth: depth, activation: activation.name, width: width, batch: batch, inputs: sizes[0],
                           outputs: sizes[sizes.count - 1], steps: steps, repetitions: rates,
                           stepsPerSecond: rate, gflops: flops * rate / 1e9)
    }
}
