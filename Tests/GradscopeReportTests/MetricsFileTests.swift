import CZlib
import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

/// `data/metrics.json.gz`: every number back bit for bit, each distinct record once, a fraction of
/// the former pretty array of records.
@Suite("The metrics file")
struct MetricsFileTests {
    static let notebook = """
        ---
        seed: 5
        defaults:
          dataset: {name: electricity, samples: 128}
          width: 8
          batch: 32
          epochs: 3
        ---
        ```gradscope
        id: first
        activations: [sigmoid, relu]
        depths: [1, 3]
        seeds: 2
        show: [loss-curves]
        ```

        ```gradscope
        id: again
        activation: relu
        depth: 3
        seeds: 2
        show: [loss-curves]
        ```
        """

    static func decode(_ gzipped: Data) throws -> MetricsFile.Document {
        let json = try #require(Gunzip.decompress(gzipped), "not a gzip stream")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(MetricsFile.Document.self, from: json)
    }

    /// A record as JSON with every number in shortest round-trip form: equal text, equal bits.
    static func exact(_ result: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(result)
    }

    @Test("every run reads back bit for bit, in report order, and runs two cells share are stored once")
    func roundTrip() throws {
        let prepared = try prepareNotebook(Self.notebook)
        let document = try Self.decode(try MetricsFile.gzipped(prepared.cells))
        #expect(document.format == "gradscope-metrics" && document.version == 2)
        #expect(document.runs.count == 10)
        #expect(document.results.count == 8, "the cell 'again' repeats first's relu.3 runs")
        #expect(
            document.runs.prefix(2) == [
                .init(cell: "first", run: "sigmoid.1", repeat: 0, result: 0), .init(cell: "first", run: "sigmoid.1", repeat: 1, result: 1),
            ])
        #expect(document.runs.suffix(2).map(\.result) == document.runs.filter { $0.cell == "first" && $0.run == "relu.3" }.map(\.result))
        let decoded = document.runs.map { document.results[$0.result].runResult }
        #expect(decoded == prepared.allResults)
        for (back, original) in zip(decoded, prepared.allResults) { #expect(try Self.exact(back) == Self.exact(original)) }
    }

    @Test("non-finite numbers, negative zero, subnormals, a diverged run and no epochs survive the trip")
    func edgeNumbers() throws {
        let prepared = try prepareNotebook(Self.notebook)
        var result = prepared.allResults[0]
        result.outcome = .diverged(epoch: 2, step: 9)
        result.epochs[0].trainLoss = .nan
        result.epochs[1].trainLoss = .infinity
        result.epochs[1].validationLoss = -.infinity
        result.epochs[0].activationMean[0] = -0.0
        result.epochs[1].activationMean[0] = .leastNonzeroMagnitude
        result.initial.validationAccuracy = 0.1 + 0.2
        let stored = try MetricsFile.StoredResult(result)
        let back = try JSONDecoder.metrics.decode(MetricsFile.StoredResult.self, from: try JSONEncoder.metrics.encode(stored)).runResult
        #expect(try Self.exact(back) == Self.exact(result))
        #expect(back.epochs[0].activationMean[0].sign == .minus && back.epochs[1].activationMean[0] == .leastNonzeroMagnitude)
        result.epochs = []
        #expect(
            try JSONDecoder.metrics.decode(MetricsFile.StoredResult.self, from: try JSONEncoder.metrics.encode(MetricsFile.StoredResult(result))).runResult
                == result)
    }

    @Test("a record that does not fit the columns is an error, not a silent loss")
    func irregular() throws {
        let deep = try #require(try prepareNotebook(Self.notebook).allResults.first { $0.spec.depth == 3 })
        var result = deep
        result.finalHistograms[1].gradients.edges[0] += 1
        #expect(throws: MetricsFile.Irregular.self) { try MetricsFile.StoredResult(result) }
        result = deep
        result.epochs[1].updateRatio.removeLast()
        #expect(throws: MetricsFile.Irregular.self) { try MetricsFile.StoredResult(result) }
    }

    @Test("the file is at least 3× smaller than the pretty array of records it replaces, and its bytes never vary")
    func size() throws {
        let prepared = try prepareNotebook(Self.notebook)
        struct Former: Encodable {
            var cell: String
            var run: String
            var repeatIndex: Int
            var result: RunResult
        }
        let former = prepared.cells.flatMap { cell in
            cell.runs.flatMap { run in
                cell.repeats(of: run).enumerated().map { Former(cell: cell.config.id, run: run.key, repeatIndex: $0.offset, result: $0.element) }
            }
        }
        let formerSize = try JSONEncoder.metrics.encode(former).count
        let gzipped = try MetricsFile.gzipped(prepared.cells)
        #expect(gzipped.count * 3 <= formerSize, "\(gzipped.count) bytes against \(formerSize)")
        #expect(Array(gzipped.prefix(10)) == [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 0xFF], "no name, no time stamp, no host")
        #expect(try MetricsFile.gzipped(prepared.cells) == gzipped)
    }
}

extension JSONEncoder {
    fileprivate static var metrics: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }
}

extension JSONDecoder {
    fileprivate static var metrics: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}

/// gzip's inverse, by zlib, for reading `data/metrics.json.gz` back. Its loop mirrors
/// `MetricsFile`'s deflate loop on purpose: the test reads with zlib's own inflate, apart from the
/// code under test.
enum Gunzip {
    static func decompress(_ data: Data) -> Data? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(target.baseAddress!, count: target.count - Int(stream.avail_out))
                }
            } while status == Z_OK
        }
        return status == Z_STREAM_END ? output : nil
    }
}
