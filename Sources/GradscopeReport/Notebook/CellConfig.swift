import GradscopeLab
import GradscopeNN
import Yams

/// A value read from YAML together with where it stands, so later checks can point at its line.
struct Located<Value> {
    var value: Value
    var location: SourceLocation
}

/// The settings a cell sweeps over. Every axis holds at least one value; the runs of a cell are the
/// cartesian product of all axes (times `seeds` repeats).
struct SweepAxes {
    var activations: [Located<Activation>]
    var depths: [Located<Int>]
    var widths: [Located<Int>]
    var inits: [Located<Initializer>]
    var optimizers: [Located<OptimizerSpec>]
    /// nil: each optimiser's own learning rate.
    var learningRates: [Located<Double>]?
    /// nil: each optimiser's own clipping; an element nil: no clipping.
    var clips: [Located<Double?>]?
    var batches: [Located<Int>]
    var epochs: [Located<Int>]
    var residuals: [Located<Bool>]
}

/// One experiment cell, its defaults applied and every value checked for type and range.
struct CellConfig {
    var id: String
    var title: String?
    var dataset: Located<DatasetSpec>
    var axes: SweepAxes
    var loss: Located<Loss>
    /// Repeats of every run with different seeds; figures show the median and the min–max band.
    var seeds: Int
    var outputs: [OutputRequest]
    var claims: [Located<String>]
    /// Hide the cell's YAML in the report (it is shown, collapsed, by default).
    var hidesConfig: Bool
    var source: YAMLSource
    var fenceLine: Int
    /// A CSV dataset's shape, set once `ReportPipeline` has read the file; nil for generated data.
    var csvShape: DataShape?

    /// The most seed repeats a cell may ask for, and the longest cell id.
    static let maxSeeds = 100
    static let maxIDLength = 64

    /// Every key a cell (or the front matter's `defaults`) may set.
    static let keys = [
        "id", "title", "dataset", "activation", "activations", "depth", "depths", "width", "widths",
        "init", "inits", "optimizer", "optimizers", "lr", "clip", "batch", "residual", "epochs", "loss", "seeds",
        "show", "claims", "hide_config",
    ]
}

extension CellConfig {
    /// Reads a cell: the front matter's defaults first, then the cell's own keys on top.
    static func parse(_ cell: CellSource, defaults: YAMLMapping?, index: Int, notebookSeed: UInt64) throws -> CellConfig {
        let source = cell.yaml
        guard let root = try source.compose() else {
            throw NotebookError(file: source.file, line: cell.fenceLine, "empty gradscope cell (expected YAML settings such as 'activations' and 'depths')")
        }
        guard let mapping = root.mapping else {
            throw source.error(at: root, "a gradscope cell must be a YAML mapping of settings, found \(YAMLValue.describe(root))")
        }
        var entries: [String: (value: Node, source: YAMLSource, key: Node)] = [:]
        for layer in [defaults, YAMLMapping(entries: mapping.map { ($0.key, $0.value) }, source: source)].compactMap({ $0 }) {
            for (key, value) in layer.entries {
                let name = key.string ?? ""
                guard keys.contains(name) else {
                    throw layer.source.error(at: key, "unknown cell key '\(name)'\(Suggestion.hint(for: name, in: keys))")
                }
                entries[canonicalKey(name)] = (value, layer.source, key)
            }
        }
        for (singular, plural) in [("activation", "activations"), ("depth", "depths"), ("width", "widths"), ("init", "inits"), ("optimizer", "optimizers")] {
            let both = mapping.compactMap { $0.key.string }.filter { $0 == singular || $0 == plural }
            if both.count > 1, let key = mapping.first(where: { $0.key.string == plural })?.key {
                throw source.error(at: key, "'\(singular)' and '\(plural)' both given: use one")
            }
        }
        let reader = EntryReader(entries: entries, fallback: source, fenceLine: cell.fenceLine)
        return try reader.read(index: index, notebookSeed: notebookSeed, source: source, fenceLine: cell.fenceLine)
    }

    /// Plural and singular spellings of an axis are the same setting.
    static func canonicalKey(_ key: String) -> String {
        switch key {
        case "activations": "activation"
        case "depths": "depth"
        case "widths": "width"
        case "inits": "init"
        case "optimizers": "optimizer"
        default: key
        }
    }
}

/// Reads typed values from a cell's merged entries, with defaults for what is absent.
private struct EntryReader {
    var entries: [String: (value: Node, source: YAMLSource, key: Node)]
    var fallback: YAMLSource
    var fenceLine: Int

    /// Where settings that the cell does not give are reported: its opening fence.
    var fallbackLocation: SourceLocation { SourceLocation(file: fallback.file, line: fenceLine, column: nil) }

    func read(index: Int, notebookSeed: UInt64, source: YAMLSource, fenceLine: Int) throws -> CellConfig {
        let id = try scalar("id") { try YAMLValue.string($0, in: $1, key: "id") }?.value ?? "cell-\(index + 1)"
        try checkIdentifier(id)
        let title = try scalar("title") { try YAMLValue.string($0, in: $1, key: "title") }?.value
        let dataset = try readDataset(seed: notebookSeed)
        let optimizers = try list("optimizer", default: OptimizerSpec()) { node, source in try readOptimizer(node, source) }
        let axes = SweepAxes(
            activations: try list("activation", default: Activation.relu) { try named($0, $1, key: "activation", Catalog.activation(named:)) },
            depths: try list("depth", default: 4) { try checked(.depth, try positive($0, $1, key: "depth"), at: $0, $1) },
            widths: try list("width", default: 64) { try checked(.width, try positive($0, $1, key: "width"), at: $0, $1) },
            inits: try list("init", default: Initializer.auto) { try named($0, $1, key: "init", Catalog.initializer(named:)) },
            optimizers: optimizers,
            learningRates: entries["lr"] == nil ? nil : try list("lr", default: 0.05) { try positiveNumber($0, $1, key: "lr") },
            clips: entries["clip"] == nil ? nil : try list("clip", default: nil) { try clipNorm($0, $1) },
            batches: try list("batch", default: 64) { try positive($0, $1, key: "batch") },
            epochs: try list("epochs", default: 20) { try checked(.epochs, try nonNegative($0, $1, key: "epochs"), at: $0, $1) },
            residuals: try list("residual", default: false) { try YAMLValue.bool($0, in: $1, key: "residual") }
        )
        let loss = try scalar("loss") { try named($0, $1, key: "loss", Catalog.loss(named:)) } ?? Located(value: .mse, location: fallbackLocation)
        let seeds = try scalar("seeds") { try positive($0, $1, key: "seeds", atMost: CellConfig.maxSeeds) }?.value ?? 1
        let outputs = try readOutputs()
        let claims = try readClaims()
        let hidesConfig = try scalar("hide_config") { try YAMLValue.bool($0, in: $1, key: "hide_config") }?.value ?? false
        return CellConfig(
            id: id, title: title, dataset: dataset, axes: axes, loss: loss, seeds: seeds,
            outputs: outputs, claims: claims, hidesConfig: hidesConfig, source: source, fenceLine: fenceLine)
    }

    private func scalar<T>(_ key: String, _ read: (Node, YAMLSource) throws -> T) throws -> Located<T>? {
        guard let entry = entries[key] else { return nil }
        return Located(value: try read(entry.value, entry.source), location: entry.source.location(of: entry.value))
    }

    private func list<T>(_ key: String, default value: T, _ read: (Node, YAMLSource) throws -> T) throws -> [Located<T>] {
        guard let entry = entries[key] else { return [Located(value: value, location: fallbackLocation)] }
        if case .sequence(let items) = entry.value {
            guard !items.isEmpty else { throw entry.source.error(at: entry.value, "'\(key)' is an empty list (expected at least one value)") }
            return try items.map { Located(value: try read($0, entry.source), location: entry.source.location(of: $0)) }
        }
        return [Located(value: try read(entry.value, entry.source), location: entry.source.location(of: entry.value))]
    }

    /// A name read as a string and parsed into the engine's type, its error at the name.
    private func named<T>(_ node: Node, _ source: YAMLSource, key: String, _ parse: (String) throws(SpecProblem) -> T) throws -> T {
        let text = try YAMLValue.string(node, in: source, key: key)
        do { return try parse(text) } catch { throw source.error(at: node, error.message) }
    }

    /// `value` once `Catalog`'s range check of `field` passes, else the check's error at `node`.
    private func checked(_ field: SpecField, _ value: Int, at node: Node, _ source: YAMLSource) throws -> Int {
        if let problem = Catalog.check(field, value) { throw source.error(at: node, problem.message) }
        return value
    }

    private func checked(_ field: SpecField, _ value: Double, at node: Node, _ source: YAMLSource) throws -> Double {
        if let problem = Catalog.check(field, value) { throw source.error(at: node, problem.message) }
        return value
    }

    private func positive(_ node: Node, _ source: YAMLSource, key: String, atMost limit: Int = .max) throws -> Int {
        let value = try YAMLValue.int(node, in: source, key: key)
        guard value >= 1 else { throw source.error(at: node, "'\(key)' must be at least 1, found \(value)") }
        guard value <= limit else { throw source.error(at: node, "'\(key)' must be at most \(RunCost.countText(limit)), found \(value)") }
        return value
    }

    /// `epochs: 0` measures the network at initialisation only.
    private func nonNegative(_ node: Node, _ source: YAMLSource, key: String) throws -> Int {
        let value = try YAMLValue.int(node, in: source, key: key)
        guard value >= 0 else { throw source.error(at: node, "'\(key)' must be 0 or more, found \(value)") }
        return value
    }

    private func positiveNumber(_ node: Node, _ source: YAMLSource, key: String) throws -> Double {
        let value = try YAMLValue.double(node, in: source, key: key)
        guard value > 0 else { throw source.error(at: node, "'\(key)' must be greater than 0, found \(value)") }
        return value
    }

    /// `clip: 1` clips the gradient to norm 1; `none` (or `off`, `null`) trains without clipping.
    private func clipNorm(_ node: Node, _ source: YAMLSource) throws -> Double? {
        if let text = node.scalar?.string, ["none", "off", "null", "~", ""].contains(text.lowercased()) { return nil }
        guard node.scalar != nil, let value = node.scalar.flatMap({ Double($0.string) }), value.isFinite, value > 0 else {
            throw source.error(at: node, "'clip' expects a positive number or 'none', found \(YAMLValue.describe(node))")
        }
        return value
    }

    private func checkIdentifier(_ id: String) throws {
        let allowed = id.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        let node = entries["id"]?.value
        let source = entries["id"]?.source ?? fallback
        guard !id.isEmpty, allowed else {
            throw source.error(at: node, "cell id '\(id)' may hold only letters, digits, '-' and '_'")
        }
        guard id.count <= CellConfig.maxIDLength else {
            throw source.error(at: node, "cell id '\(id.prefix(20))…' is \(id.count) characters long (expected at most \(CellConfig.maxIDLength))")
        }
    }

    /// `dataset: electricity`, or a mapping: `{name: electricity, samples: 4096, validation: 0.2}`,
    /// `{name: csv, path: data.csv, target: load, features: [temp, hour]}`, `{name: spirals, classes: 3}`.
    private func readDataset(seed: UInt64) throws -> Located<DatasetSpec> {
        guard let entry = entries["dataset"] else {
            return Located(value: DatasetSpec(.electricity(samples: DatasetSpec.defaultSamples), seed: seed), location: fallbackLocation)
        }
        let node = entry.value
        let source = entry.source
        if node.scalar != nil {
            let kind = try named(node, source, key: "dataset") { name throws(SpecProblem) in
                try Catalog.dataset(named: name, samples: nil, classes: nil, csvPath: nil, csvTarget: nil, features: [])
            }
            return Located(value: DatasetSpec(kind, seed: seed), location: source.location(of: node))
        }
        guard let mapping = node.mapping else {
            throw source.error(at: node, "'dataset' expects a name or a mapping with 'name', found \(YAMLValue.describe(node))")
        }
        let keys = ["name", "samples", "validation", "path", "target", "features", "classes"]
        var name: String?
        var samples: Int?
        var classes: Int?
        var validation = 0.2
        var path: String?
        var target: String?
        var features: [String] = []
        var nodes: [SpecField: Node] = [.dataset: node]
        for (key, value) in mapping {
            let keyName = key.string ?? ""
            switch keyName {
            case "name":
                name = try YAMLValue.string(value, in: source, key: "dataset.name")
                nodes[.dataset] = value
            case "samples":
                samples = try checked(.datasetSamples, try positive(value, source, key: "dataset.samples", atMost: Catalog.maxSamples), at: value, source)
                nodes[.datasetSamples] = value
            case "validation":
                validation = try YAMLValue.double(value, in: source, key: "dataset.validation")
                guard validation > 0, validation < 1 else {
                    throw source.error(at: value, "'dataset.validation' must lie strictly between 0 and 1")
                }
            case "path":
                path = try YAMLValue.string(value, in: source, key: "dataset.path")
                nodes[.datasetCSVPath] = value
            case "target":
                target = try YAMLValue.string(value, in: source, key: "dataset.target")
                nodes[.datasetCSVTarget] = value
            case "features":
                features = try YAMLValue.list(value, in: source, key: "dataset.features") { try YAMLValue.string($0, in: source, key: "dataset.features") }
            case "classes":
                let count = try YAMLValue.int(value, in: source, key: "dataset.classes")
                guard Catalog.spiralClasses.contains(count) else {
                    throw source.error(
                        at: value,
                        "'dataset.classes' must lie between \(Catalog.spiralClasses.lowerBound) and \(Catalog.spiralClasses.upperBound), found \(count)")
                }
                classes = count
                nodes[.datasetClasses] = value
            default:
                throw source.error(
                    at: key, "unknown dataset key '\(keyName)'\(Suggestion.hint(for: keyName, in: keys)) (expected one of: \(keys.joined(separator: ", ")))")
            }
        }
        guard let name, !name.isEmpty else { throw source.error(at: node, "'dataset' needs a 'name' (electricity, spirals or csv)") }
        do {
            let kind = try Catalog.dataset(named: name, samples: samples, classes: classes, csvPath: path, csvTarget: target, features: features)
            return Located(value: DatasetSpec(kind, validationFraction: validation, seed: seed), location: source.location(of: node))
        } catch {
            throw source.error(at: nodes[error.field] ?? node, error.message)
        }
    }

    /// `optimizer: sgd`, or `{name: adam, lr: 0.001, beta1: 0.8, clip: 1.0}`. Each setting is
    /// range-checked where it is written, and one the optimiser does not take is an error there.
    private func readOptimizer(_ node: Node, _ source: YAMLSource) throws -> OptimizerSpec {
        if node.scalar != nil {
            return OptimizerSpec(try named(node, source, key: "optimizer") { name throws(SpecProblem) in try Catalog.optimizer(named: name) })
        }
        guard let mapping = node.mapping else {
            throw source.error(at: node, "'optimizer' expects a name or a mapping with 'name', found \(YAMLValue.describe(node))")
        }
        let keys = ["name", "lr", "momentum", "beta1", "beta2", "epsilon", "clip"]
        var spec = OptimizerSpec()
        var name = spec.kind.name
        var settings: [SpecField: Double] = [:]
        var nodes: [SpecField: Node] = [.optimizer: node]
        for (key, value) in mapping {
            let keyName = key.string ?? ""
            let field: SpecField
            switch keyName {
            case "name":
                name = try YAMLValue.string(value, in: source, key: "optimizer.name")
                nodes[.optimizer] = value
                continue
            case "lr": field = .learningRate
            case "momentum": field = .momentum
            case "beta1": field = .beta1
            case "beta2": field = .beta2
            case "epsilon": field = .epsilon
            case "clip": field = .clipNorm
            default:
                throw source.error(
                    at: key, "unknown optimizer key '\(keyName)'\(Suggestion.hint(for: keyName, in: keys)) (expected one of: \(keys.joined(separator: ", ")))")
            }
            let number =
                [.learningRate, .epsilon, .clipNorm].contains(field)
                ? try positiveNumber(value, source, key: "optimizer.\(keyName)")
                : try YAMLValue.double(value, in: source, key: "optimizer.\(keyName)")
            settings[field] = try checked(field, number, at: value, source)
            nodes[field] = value
        }
        do {
            spec.kind = try Catalog.optimizer(
                named: name, momentum: settings[.momentum], beta1: settings[.beta1],
                beta2: settings[.beta2], epsilon: settings[.epsilon])
        } catch {
            throw source.error(at: nodes[error.field] ?? node, error.message)
        }
        spec.learningRate = settings[.learningRate] ?? spec.learningRate
        spec.clipNorm = settings[.clipNorm]
        return spec
    }

    private func readOutputs() throws -> [OutputRequest] {
        guard let entry = entries["show"] else { return OutputRequest.defaults }
        return try YAMLValue.list(entry.value, in: entry.source, key: "show") { try OutputRequest.parse($0, in: entry.source) }
    }

    private func readClaims() throws -> [Located<String>] {
        guard let entry = entries["claims"] else { return [] }
        guard case .sequence(let items) = entry.value else {
            throw entry.source.error(at: entry.value, "'claims' expects a list of claims, found \(YAMLValue.describe(entry.value))")
        }
        return try items.map { Located(value: try YAMLValue.string($0, in: entry.source, key: "claims"), location: entry.source.location(of: $0)) }
    }
}
