import Foundation
import GradscopeNN
import Testing

@testable import GradscopeLab

@Suite("CSV datasets")
struct CSVTests {
    func file(_ text: String) -> String {
        let path = (temporaryFolder() as NSString).appendingPathComponent("data.csv")
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func spec(_ path: String, target: String = "load", features: [String] = [], loss: Loss = .mse) -> RunSpec {
        RunSpec(
            dataset: DatasetSpec(.csv(CSVFile(path: path, target: target, features: features)), validationFraction: 0.25, seed: 2),
            activation: .tanh, depth: 1, width: 4, loss: loss, batchSize: 4, epochs: 2, seed: 1)
    }

    static let good = "temp,hour,\"load\"\n" + (0..<40).map { "\(Double($0) * 0.5),\($0 % 24),\(Double($0) * 1.5 + 2)" }.joined(separator: "\n") + "\n"

    @Test("A well-formed CSV trains, with chosen features and every other column by default")
    func trains() throws {
        let path = file(Self.good)
        let result = try train(spec(path))
        #expect(result.outcome == .completed)
        let split = try spec(path, features: ["temp"]).dataset.load(classification: false)
        #expect(split.train.features.cols == 1 && split.train.count + split.validation.count == 40)
        #expect(try CSVDataset.digest(ofFileAt: path).count == 64)
    }

    @Test(
        "Bad CSVs are reported with file, row and column",
        arguments: [
            ("missing column", "temp,hour\n1,2\n3,4\n", "load", "row 1: no column 'load'"),
            ("non-numeric cell", "temp,load\n1,2\n3,abc\n4,5\n6,7\n", "load", "row 3, column 'load': 'abc' is not a number"),
            ("empty file", "", "load", "the file is empty"),
            ("NaN", "temp,load\n1,2\nnan,4\n4,5\n6,7\n", "load", "row 3, column 'temp': 'nan' is not a finite number"),
            ("ragged row", "temp,load\n1,2\n3\n4,5\n6,7\n", "load", "row 3: expected 2 fields"),
            ("too few rows", "temp,load\n1,2\n3,4\n", "load", "2 data row(s); at least 4 are needed"),
            ("duplicate column", "temp,temp,load\n1,2,3\n3,4,5\n4,5,6\n6,7,8\n", "load", "row 1: the column 'temp' appears twice in the header"),
        ])
    func errors(_ c: (String, String, String, String)) throws {
        let path = file(c.1)
        do {
            _ = try train(spec(path, target: c.2))
            Issue.record("\(c.0): expected an error")
        } catch let error as DatasetError {
            #expect(String(describing: error).hasPrefix(path))
            #expect(String(describing: error).contains(c.3), "\(error)")
        }
    }

    @Test("A missing file and a non-integer class label are reported")
    func moreErrors() {
        #expect(throws: DatasetError.self) { try train(spec("/nonexistent/data.csv")) }
        let path = file("a,label\n1,0\n2,1.5\n3,1\n4,0\n")
        #expect(throws: DatasetError.notAClassIndex(file: path, row: 3, column: "label", value: "1.5")) {
            try train(spec(path, target: "label", loss: .crossEntropy))
        }
    }
}
