import Foundation
import Testing

@testable import GradscopeNN

@Suite("Datasets")
struct DatasetTests {
    @Test("Electricity load has morning and evening peaks, lower weekends, and heating and cooling")
    func electricityShape() {
        let data = Electricity.generate(samples: 20_000, seed: 1)
        func meanLoad(_ keep: (Int) -> Bool) -> Double {
            let rows = (0..<data.count).filter(keep)
            return rows.map { data.targets[$0, 0] }.reduce(0, +) / Double(rows.count)
        }
        func hour(_ r: Int) -> Int {
            let angle = atan2(data.features[r, 0], data.features[r, 1])
            return (Int((angle / (2 * Double.pi) * 24).rounded()) + 24) % 24
        }
        let night = meanLoad { hour($0) == 3 }
        #expect(meanLoad { hour($0) == 8 } > night + 10)
        #expect(meanLoad { hour($0) == 19 } > night + 15)
        #expect(meanLoad { data.features[$0, 4] == 1 } < meanLoad { data.features[$0, 4] == 0 } - 3)
        let mild = meanLoad { (16...21).contains(data.features[$0, 6]) }
        #expect(meanLoad { data.features[$0, 6] < 5 } > mild + 10)
        #expect(meanLoad { data.features[$0, 6] > 25 } > mild + 5)
    }

    @Test("A split standardises with training statistics and is reproducible")
    func split() {
        let data = Electricity.generate(samples: 1000, seed: 2)
        let a = DataSplit(data, validationFraction: 0.2, seed: 5)
        #expect(a == DataSplit(data, validationFraction: 0.2, seed: 5))
        #expect(a != DataSplit(data, validationFraction: 0.2, seed: 6))
        #expect(a.validation.count == 200 && a.train.count == 800)
        for c in 0..<8 where c != 5 {
            let column = (0..<a.train.count).map { a.train.features[$0, c] }
            let mean = column.reduce(0, +) / Double(column.count)
            let std = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
            #expect(abs(mean) < 1e-12)
            #expect(abs(std - 1) < 1e-12 || std == 0)
        }
        let targets = a.train.targets.storage
        #expect(abs(targets.reduce(0, +) / Double(targets.count)) < 1e-12)
    }

    @Test("Spirals hold every class equally with class indices as targets")
    func spirals() {
        let data = Spirals.generate(samples: 300, classes: 3, seed: 4)
        #expect(data.task == .classification(classes: 3))
        for c in 0..<3 { #expect(data.targets.storage.filter { $0 == Double(c) }.count == 100) }
    }
}
