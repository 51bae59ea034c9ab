import CZlib
import Foundation
import GradscopeLab

/// `data/metrics.json.gz`: every run's full record, every number exactly as measured, as compact
/// JSON compressed with gzip.
///
/// The JSON (keys sorted, no spaces, numbers in shortest round-trip form, `"NaN"`, `"Infinity"`,
/// `"-Infinity"` for the non-finite ones) holds `format` (`"gradscope-metrics"`), `version` (2),
/// `runs` (one entry per run and seed repeat, in report order: `cell`, `run`, `repeat`, and
/// `result`, an index into `results`) and `results` (each distinct record once: runs two cells
/// share are stored once). A result holds `spec`, `layerSizes`, `outcome`, `initial` (the step-0
/// snapshot: `trainLoss`, `validationLoss`, `validationAccuracy`, and per layer, input side first,
/// `weightGradientNorm`, `backpropGradientNorm`, `activationMean`, `activationStd`,
/// `activationSpread`, `saturatedFraction`, `deadFraction`, `updateRatio`), `epochs` (the same
/// measurements as columns: one array per measurement with one entry per epoch, and per-layer ones
/// as `[layer][epoch]`) and `initialHistograms`/`finalHistograms` (`activations` and `gradients`,
/// each with the `scale` and `edges` every hidden layer shares, and `counts` and `zeroCount` per layer).
///
/// The gzip stream is deterministic: no name, time 0, operating system "unknown", zlib level 9.
enum MetricsFile {
    static let path = "data/metrics.json.gz"
    static let version = 2

    static func gzipped(_ cells: [CellResults]) throws -> Data {
        try Gzip.compress(json(cells))
    }

    /// The uncompressed JSON.
    static func json(_ cells: [CellResults]) throws -> Data {
        var results: [StoredResult] = []
        var index: [RunResult: Int] = [:]
        var runs: [RunEntry] = []
        for cell in cells {
            for run in cell.runs {
                for (repeatIndex, result) in cell.repeats(of: run).enumerated() {
                    if index[result] == nil {
                        index[result] = results.count
                        results.append(try StoredResult(result))
                    }
                    runs.append(RunEntry(cell: cell.config.id, run: run.key, repeat: repeatIndex, result: index[result]!))
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(Document(format: "gradscope-metrics", version: version, runs: runs, results: results))
    }

    /// A record that does not fit the columns: epochs that measure different numbers of layers,
    /// or hidden layers whose histograms do not share their bins. gradscope's runs never do.
    struct Irregular: Error, CustomStringConvertible {
        var description: String
    }

    struct Document: Codable {
        var format: String
        var version: Int
        var runs: [RunEntry]
        var results: [StoredResult]
    }

    struct RunEntry: Codable, Equatable {
        var cell: String
        var run: String
        var `repeat`: Int
        var result: Int
    }

    struct StoredResult: Codable {
        var spec: RunSpec
        var layerSizes: [Int]
        var outcome: RunOutcome
        var initial: Snapshot
        var epochs: EpochColumns
        var initialHistograms: HistogramSet
        var finalHistograms: HistogramSet

        init(_ result: RunResult) throws {
            spec = result.spec
            layerSizes = result.layerSizes
            outcome = result.outcome
            initial = result.initial
            epochs = try EpochColumns(result.epochs)
            initialHistograms = try HistogramSet(result.initialHistograms)
            finalHistograms = try HistogramSet(result.finalHistograms)
        }

        var runResult: RunResult {
            RunResult(
                spec: spec, layerSizes: layerSizes, outcome: outcome, initial: initial, epochs: epochs.snapshots,
                initialHistograms: initialHistograms.layers, finalHistograms: finalHistograms.layers)
        }
    }

    /// Per-epoch snapshots as columns.
    struct EpochColumns: Codable {
        var trainLoss: [Double]
        var validationLoss: [Double]
        var validationAccuracy: [Double?]
        var weightGradientNorm: [[Double]]
        var backpropGradientNorm: [[Double]]
        var activationMean: [[Double]]
        var activationStd: [[Double]]
        var activationSpread: [[Double]]
        var saturatedFraction: [[Double]]
        var deadFraction: [[Double]]
        var updateRatio: [[Double]]

        static var perLayer: [(String, WritableKeyPath<Snapshot, [Double]>, WritableKeyPath<EpochColumns, [[Double]]>)] {
            [
                ("weightGradientNorm", \.weightGradientNorm, \.weightGradientNorm),
                ("backpropGradientNorm", \.backpropGradientNorm, \.backpropGradientNorm),
                ("activationMean", \.activationMean, \.activationMean), ("activationStd", \.activationStd, \.activationStd),
                ("activationSpread", \.activationSpread, \.activationSpread),
                ("saturatedFraction", \.saturatedFraction, \.saturatedFraction), ("deadFraction", \.deadFraction, \.deadFraction),
                ("updateRatio", \.updateRatio, \.updateRatio),
            ]
        }

        init(_ snapshots: [Snapshot]) throws {
            trainLoss = snapshots.map(\.trainLoss)
            validationLoss = snapshots.map(\.validationLoss)
            validationAccuracy = snapshots.map(\.validationAccuracy)
            weightGradientNorm = []
            backpropGradientNorm = []
            activationMean = []
            activationStd = []
            activationSpread = []
            saturatedFraction = []
            deadFraction = []
            updateRatio = []
            for (name, snapshotPath, columnPath) in Self.perLayer {
                let layers = snapshots.first?[keyPath: snapshotPath].count ?? 0
                guard snapshots.allSatisfy({ $0[keyPath: snapshotPath].count == layers }) else {
                    throw Irregular(description: "the epochs of a run measure \(name) on different numbers of layers")
                }
                self[keyPath: columnPath] = (0..<layers).map { layer in snapshots.map { $0[keyPath: snapshotPath][layer] } }
            }
        }

        var snapshots: [Snapshot] {
            trainLoss.indices.map { epoch in
                var snapshot = Snapshot(
                    trainLoss: trainLoss[epoch], validationLoss: validationLoss[epoch], validationAccuracy: validationAccuracy[epoch],
                    weightGradientNorm: [], backpropGradientNorm: [], activationMean: [], activationStd: [],
                    activationSpread: [], saturatedFraction: [], deadFraction: [], updateRatio: [])
                for (_, snapshotPath, columnPath) in Self.perLayer {
                    snapshot[keyPath: snapshotPath] = self[keyPath: columnPath].map { $0[epoch] }
                }
                return snapshot
            }
        }
    }

    /// One histogram per hidden layer, for activations and gradients, with the bins they share.
    struct HistogramSet: Codable {
        var activations: SharedBins
        var gradients: SharedBins

        init(_ layers: [LayerHistograms]) throws {
            activations = try SharedBins(layers.map(\.activations), name: "activation")
            gradients = try SharedBins(layers.map(\.gradients), name: "gradient")
        }

        var layers: [LayerHistograms] {
            zip(activations.histograms, gradients.histograms).map { LayerHistograms(activations: $0, gradients: $1) }
        }
    }

    struct SharedBins: Codable {
        var scale: HistogramScale
        var edges: [Double]
        var counts: [[Int]]
        var zeroCount: [Int]

        init(_ histograms: [Histogram], name: String) throws {
            let scale = histograms.first?.scale ?? .linear
            let edges = histograms.first?.edges ?? []
            guard histograms.allSatisfy({ $0.scale == scale && $0.edges.map(\.bitPattern) == edges.map(\.bitPattern) }) else {
                throw Irregular(description: "the hidden layers of a run do not share their \(name) histogram bins")
            }
            self.scale = scale
            self.edges = edges
            counts = histograms.map(\.counts)
            zeroCount = histograms.map(\.zeroCount)
        }

        var histograms: [Histogram] {
            zip(counts, zeroCount).map { Histogram(edges: edges, counts: $0, scale: scale, zeroCount: $1) }
        }
    }
}

/// gzip (RFC 1952) by zlib, byte for byte the same for the same input and zlib.
enum Gzip {
    static func compress(_ data: Data) throws -> Data {
        var stream = z_stream()
        // Raw deflate (negative window bits): the header and trailer are written here, without a time stamp.
        guard deflateInit2_(&stream, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib cannot start compressing")
        }
        defer { deflateEnd(&stream) }
        var output = Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 0xFF])
        var input = [UInt8](data)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = deflate(&stream, Z_FINISH)
                    output.append(target.baseAddress!, count: target.count - Int(stream.avail_out))
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw Failure(description: "zlib failed to compress (status \(status))") }
        let crc = data.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: UInt8.self).baseAddress, uInt($0.count))) }
        for value in [crc, UInt32(truncatingIfNeeded: data.count)] {
            withUnsafeBytes(of: value.littleEndian) { output.append(contentsOf: $0) }
        }
        return output
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
