/// Examples as a feature matrix and a target matrix with the same number of rows.
/// Regression: targets are n × outputs. Classification: targets are n × 1 class indices
/// (exact integers 0 ..< classes), the layout `Loss.crossEntropy` expects.
public struct Dataset: Hashable, Sendable {
    public enum Task: Hashable, Sendable {
        case regression(outputs: Int)
        case classification(classes: Int)
    }

    public var features: Matrix
    public var targets: Matrix
    public var task: Task
    public var featureNames: [String]

    public init(features: Matrix, targets: Matrix, task: Task, featureNames: [String]) {
        precondition(features.rows == targets.rows, "features and targets differ in rows")
        self.features = features
        self.targets = targets
        self.task = task
        self.featureNames = featureNames
    }

    public var count: Int { features.rows }

    /// Network outputs this dataset needs: regression outputs or one logit per class.
    public var outputs: Int {
        switch task {
        case .regression(let k): k
        case .classification(let k): k
        }
    }

    /// The examples at the given rows, in that order.
    public func subset(_ rows: [Int]) -> Dataset {
        Dataset(features: features.gathering(rows: rows), targets: targets.gathering(rows: rows), task: task, featureNames: featureNames)
    }
}

/// A training and a validation set, standardised with the training set's statistics.
public struct DataSplit: Hashable, Sendable {
    public var train: Dataset
    public var validation: Dataset

    /// Shuffles the row indices with `seed` (Fisher–Yates), holds out the first
    /// ⌈validationFraction · n⌉ (at least one, at most n − 1) for validation, then standardises
    /// every feature column, and regression targets, to mean 0 and standard deviation 1 using the
    /// training rows only (population σ; a constant column gets σ = 1).
    public init(_ data: Dataset, validationFraction: Double, seed: UInt64) {
        precondition(data.count >= 2, "need at least two examples to split")
        var order = Array(0..<data.count)
        var rng = Xoshiro256StarStar(seed: seed)
        rng.shuffle(&order)
        let held = min(max(Int((validationFraction * Double(data.count)).rounded(.up)), 1), data.count - 1)
        var train = data.subset(Array(order[held...]))
        var validation = data.subset(Array(order[..<held]))
        let featureStats = DataSplit.statistics(train.features)
        DataSplit.standardise(&train.features, featureStats)
        DataSplit.standardise(&validation.features, featureStats)
        if case .regression = data.task {
            let targetStats = DataSplit.statistics(train.targets)
            DataSplit.standardise(&train.targets, targetStats)
            DataSplit.standardise(&validation.targets, targetStats)
        }
        self.train = train
        self.validation = validation
    }

    /// Column means and population standard deviations, summed in row order.
    static func statistics(_ m: Matrix) -> [(mean: Double, std: Double)] {
        (0..<m.cols).map { c in
            var sum = 0.0
            for r in 0..<m.rows { sum += m[r, c] }
            let mean = sum / Double(m.rows)
            var sq = 0.0
            for r in 0..<m.rows {
                let d = m[r, c] - mean
                sq.addProduct(d, d)
            }
            let std = (sq / Double(m.rows)).squareRoot()
            return (mean, std > 0 ? std : 1)
        }
    }

    static func standardise(_ m: inout Matrix, _ stats: [(mean: Double, std: Double)]) {
        for r in 0..<m.rows {
            for c in 0..<m.cols { m[r, c] = (m[r, c] - stats[c].mean) / stats[c].std }
        }
    }
}
