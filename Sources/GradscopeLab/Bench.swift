import Dispatch
import GradscopeNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's speed: whole training steps of an MLP on the electricity features (8 inputs → 1
/// output), MSE, SGD, one thread, every layer's gradient norms computed every step; and the matrix
/// products of a step alone. Meaningful only in a release build. Times are the measuring thread's
/// CPU time (`threadSeconds`), so a run is not charged for the time other processes of a shared
/// machine hold its core.
public enum Bench {
    /// SGD's learning rate in every measured shape: small enough that relu at depth 32 and at width
    /// 1024 trains finite numbers through the warm-up and every timed step (0.05, the notebooks'
    /// default, sends deep relu networks to infinity within a few hundred steps, and a step on a
    /// non-finite loss skips its backward pass).
    public static let learningRate = 0.001

    /// One network shape to time.
    public struct Shape: Hashable, Sendable {
        public var activation: Activation
        public var depth: Int
        public var width: Int
        public var batch: Int

        public init(activation: Activation, depth: Int, width: Int, batch: Int) {
            self.activation = activation
            self.depth = depth
            self.width = width
            self.batch = batch
        }

        /// Layer sizes: the 8 electricity features, `depth` hidden layers, one output.
        public var sizes: [Int] { [8] + Array(repeating: width, count: depth) + [1] }

        /// Floating-point operations of the three matrix products of one step (2 per multiply-add:
        /// forward X·Wᵀ for every layer, ∂L/∂W for every layer, ∂L/∂X for every layer but the
        /// first). Activations, losses, norms and updates are not counted.
        public var flopsPerStep: Double {
            let sizes = self.sizes
            var flops = 0.0
            for l in 1..<sizes.count {
                flops += (l == 1 ? 2.0 : 3.0) * 2 * Double(batch * sizes[l - 1] * sizes[l])
            }
            return flops
        }

        /// Timed steps per repetition for a base of `steps`: all of them for a step under 10 MFLOP
        /// (width 64 up to depth 4), half for one up to 100 MFLOP (depth 16 and 32), and beyond,
        /// as many as make about half of `steps` × 100 MFLOP, at least one (width 256 at depth 8
        /// and batch 256: 141 of 2,000; width 1024: 8).
        public func timedSteps(base steps: Int) -> Int {
            let flops = flopsPerStep
            if flops < 10e6 { return steps }
            return max(1, min(steps / 2, Int(Double(steps / 2) * 100e6 / flops)))
        }

        /// Untimed steps before the first repetition: a quarter of the timed ones, 1 to 100.
        public func warmUpSteps(timed: Int) -> Int { min(100, max(1, timed / 4)) }
    }

    /// What `gradscope bench` measures without shape options: width 64, batch 64 at depths 1, 4,
    /// 16 and 32, then width 256 and 1024 at depth 8, batch 256, for sigmoid and for relu.
    public static let standardShapes: [Shape] = [Activation.sigmoid, .relu].flatMap { activation in
        [1, 4, 16, 32].map { Shape(activation: activation, depth: $0, width: 64, batch: 64) }
            + [256, 1024].map { Shape(activation: activation, depth: 8, width: $0, batch: 256) }
    }

    public struct Measurement: Codable, Hashable, Sendable {
        public var depth: Int
        public var activation: String
        public var width: Int
        public var batch: Int
        public var inputs: Int
        public var outputs: Int
        public var learningRate: Double
        /// Timed steps in each repetition.
        public var steps: Int
        /// Steps per second of each repetition, in the order they ran.
        public var repetitions: [Double]
        /// The median of `repetitions`.
        public var stepsPerSecond: Double
        /// `Shape.flopsPerStep` at the median rate.
        public var gflops: Double
        /// The mean loss of the last timed step's batch (finite: a non-finite one is an error).
        public var finalLoss: Double
    }

    /// A step whose batch loss was not finite: the measurement would time a skipped backward pass.
    public struct NonFiniteLoss: Error, CustomStringConvertible {
        public var shape: Shape
        public var step: Int
        public var loss: Double
        public var learningRate: Double
        public var description: String {
            "\(shape.activation.name) depth \(shape.depth) width \(shape.width) batch \(shape.batch): the loss became \(loss) at step \(step) (learning rate \(learningRate)); the benchmark times finite training only"
        }
    }

    /// Trains `shape.warmUpSteps` untimed steps, then `repetitions` timed runs of `steps` steps one
    /// after the other (training goes on across them), and reports each rate and their median: on
    /// a shared machine, whose speed drifts, the median of several short runs says more than one
    /// long one. Throws `NonFiniteLoss` as soon as a step's loss is not finite.
    public static func measure(_ shape: Shape, steps: Int, repetitions: Int = 3, learningRate: Double = Bench.learningRate) throws -> Measurement {
        precondition(steps >= 1 && repetitions >= 1, "a measurement needs at least one step and one repetition")
        let spec = RunSpec(
            dataset: DatasetSpec(.electricity(samples: 4096)), activation: shape.activation,
            depth: shape.depth, width: shape.width, optimizer: OptimizerSpec(.sgd, learningRate: learningRate),
            batchSize: shape.batch, epochs: 1, seed: 1)
        var trainer = try Trainer(spec)
        let data = trainer.split.train
        let session = trainer.session
        let order = trainer.shuffledOrder()
        let batch = trainer.batchSize
        let batches = order.count / batch
        var step = 0
        var loss = 0.0
        func run(_ n: Int) throws {
            for _ in 0..<n {
                let start = (step % batches) * batch
                loss = session.trainStep(data, rows: order[start..<(start + batch)])
                step += 1
                guard loss.isFinite else { throw NonFiniteLoss(shape: shape, step: step, loss: loss, learningRate: learningRate) }
            }
        }
        try run(shape.warmUpSteps(timed: steps))
        var rates: [Double] = []
        for _ in 0..<repetitions {
            let begin = threadSeconds()
            try run(steps)
            rates.append(Double(steps) / (threadSeconds() - begin))
        }
        let sizes = session.mlp.sizes
        let rate = Statistics.median(rates)
        return Measurement(
            depth: shape.depth, activation: shape.activation.name, width: shape.width, batch: batch,
            inputs: sizes[0], outputs: sizes[sizes.count - 1], learningRate: learningRate,
            steps: steps, repetitions: rates, stepsPerSecond: rate,
            gflops: shape.flopsPerStep * rate / 1e9, finalLoss: loss)
    }

    /// One product of `StepProducts` timed alone.
    public struct ProductMeasurement: Codable, Hashable, Sendable {
        public var product: StepProducts.Product
        public var width: Int
        /// The batch (k of ∂L/∂W, m of the others); `width` for the square product.
        public var batch: Int
        /// Floating-point operations of one product (2 per multiply-add).
        public var flops: Double
        /// GFLOP/s of each repetition, in the order they ran.
        public var repetitions: [Double]
        /// The median of `repetitions`.
        public var gflops: Double
    }

    /// Seconds a repetition of one product lasts at least (and at least two products).
    public static let productSeconds = 0.25

    /// The calling thread's CPU time in seconds, from an arbitrary origin.
    static func threadSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Times each product of a step at `width` and `batch` (and the square product of `width`)
    /// alone: one untimed call each, then `repetitions` rounds that run each product in turn for
    /// `productSeconds`, so a drifting machine moves all of them alike.
    public static func measureProducts(width: Int, batch: Int, repetitions: Int = 3) -> [ProductMeasurement] {
        precondition(repetitions >= 1, "a measurement needs at least one repetition")
        let products = StepProducts(width: width, batch: batch)
        let kinds = StepProducts.Product.allCases
        for kind in kinds { products.run(kind) }
        var rates = Array(repeating: [Double](), count: kinds.count)
        for _ in 0..<repetitions {
            for (i, kind) in kinds.enumerated() {
                let begin = threadSeconds()
                var calls = 0
                var seconds = 0.0
                while calls < 2 || seconds < productSeconds {
                    products.run(kind)
                    calls += 1
                    seconds = threadSeconds() - begin
                }
                rates[i].append(products.flops(kind) * Double(calls) / seconds / 1e9)
            }
        }
        return kinds.enumerated().map { i, kind in
            ProductMeasurement(
                product: kind, width: width, batch: kind == .square ? width : batch, flops: products.flops(kind),
                repetitions: rates[i], gflops: Statistics.median(rates[i]))
        }
    }
}
