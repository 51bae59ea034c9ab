/// What an axis shows: a numeric domain, or evenly spaced categories (slot centres).
enum AxisModel: Hashable {
    case numeric(AxisDomain)
    case categories([String])
}

/// One tick on a drawn axis, as a fraction of the axis length from its start (left, or bottom).
struct AxisTick: Hashable {
    enum Kind: Hashable { case major, minor }
    var fraction: Double
    var label: TickLabel?
    var kind: Kind
}

extension LayoutContext {
    /// Minimum free space between neighbouring tick labels, in points.
    static let labelGap = 8.0

    /// Ticks for an axis `length` points long, thinned until neighbouring labels keep at least
    /// `labelGap` apart (measured with the real measurer). Where ticks go is decided first
    /// (`LinearTicks`, `LogTicks`, category slots); labels come from the tick values.
    func ticks(for model: AxisModel, length: Double, horizontal: Bool) -> [AxisTick] {
        let font = style.tickFont
        let digitHeight = measure("0", font).capHeight
        switch model {
        case .numeric(let domain) where domain.scale == .linear:
            let start = max(2, min(10, Int(length / (horizontal ? 48 : 5 * digitHeight))))
            func candidate(_ maxCount: Int) -> [AxisTick] {
                LinearTicks.ticks(low: domain.low, high: domain.high, maxCount: maxCount).map {
                    AxisTick(fraction: domain.fraction(ofTransformed: $0.value), label: $0.label, kind: .major)
                }
            }
            for maxCount in stride(from: start, through: 1, by: -1) {
                let ticks = candidate(maxCount)
                if ticks.count >= 2 && labelsFit(ticks, length: length, horizontal: horizontal) { return ticks }
            }
            // No tick set keeps two labels apart: take the sparsest set with two ticks or more and
            // label every k-th tick.
            let ticks = (1...10).lazy.map(candidate).first { $0.count >= 2 } ?? candidate(start)
            var every = 2
            while true {
                let thinned = ticks.enumerated().map { i, tick in
                    AxisTick(fraction: tick.fraction, label: i % every == 0 ? tick.label : nil, kind: tick.kind)
                }
                if every >= ticks.count || labelsFit(thinned, length: length, horizontal: horizontal) { return thinned }
                every += 1
            }
        case .numeric(let domain):
            var maxLabels = max(2, Int(length / (horizontal ? 40 : 5 * digitHeight)))
            while true {
                let set = LogTicks(low: domain.low, high: domain.high, maxLabels: maxLabels, length: length)
                let labelled = Set(set.labelled)
                var ticks = set.majors.map { power in
                    AxisTick(
                        fraction: domain.fraction(ofTransformed: Double(power)),
                        label: labelled.contains(power) ? .powerOfTen(power) : nil, kind: .major)
                }
                ticks += set.minors.map { AxisTick(fraction: domain.fraction(ofTransformed: $0), label: nil, kind: .minor) }
                if maxLabels <= 1 || labelsFit(ticks, length: length, horizontal: horizontal) { return ticks }
                maxLabels -= 1
            }
        case .categories(let names):
            func labelled(_ labels: [String], every stride: Int) -> [AxisTick] {
                labels.indices.map { i in
                    AxisTick(
                        fraction: (Double(i) + 0.5) / Double(labels.count),
                        label: i % stride == 0 ? TickLabel(labels[i]) : nil, kind: .major)
                }
            }
            let all = labelled(names, every: 1)
            if labelsFit(all, length: length, horizontal: horizontal) { return all }
            if horizontal {
                let twoLines = labelled(names.map(Self.brokenInTwo), every: 1)
                if twoLines != all && labelsFit(twoLines, length: length, horizontal: true) { return twoLines }
            }
            var stride = 2
            while true {
                let ticks = labelled(names, every: stride)
                if stride >= names.count || labelsFit(ticks, length: length, horizontal: horizontal) { return ticks }
                stride += 1
            }
        }
    }

    /// A category name in two lines ("xavier_" over "uniform", "normal" over "(1)"), broken where
    /// the longer half is shortest: after a space (dropped), `_`, `-`, `/` or `,`, or before `(`.
    /// Unchanged when it has no such place.
    static func brokenInTwo(_ name: String) -> String {
        let characters = Array(name)
        var best: (longer: Int, text: String)?
        for i in characters.indices.dropFirst() {
            let head: [Character]
            let tail: [Character]
            if characters[i - 1] == " " {
                (head, tail) = (Array(characters[..<(i - 1)]), Array(characters[i...]))
            } else if "_-/,".contains(characters[i - 1]) || characters[i] == "(" {
                (head, tail) = (Array(characters[..<i]), Array(characters[i...]))
            } else {
                continue
            }
            guard !head.isEmpty, !tail.isEmpty else { continue }
            let longer = max(head.count, tail.count)
            if best == nil || longer < best!.longer { best = (longer, String(head) + "\n" + String(tail)) }
        }
        return best?.text ?? name
    }

    /// True when no two labelled ticks' labels come closer than `labelGap` along the axis.
    func labelsFit(_ ticks: [AxisTick], length: Double, horizontal: Bool) -> Bool {
        let font = style.tickFont
        let spans: [(Double, Double)] = ticks.compactMap { tick in
            guard let label = tick.label else { return nil }
            let size = labelSize(label, font)
            let centre = tick.fraction * length
            let half = horizontal ? size.width / 2 : (size.capTop + size.descent) / 2
            return (centre - half, centre + half)
        }.sorted { $0.0 < $1.0 }
        for (a, b) in zip(spans, spans.dropFirst()) where b.0 - a.1 < Self.labelGap { return false }
        return true
    }

    /// Widest label among `ticks` (for the left margin).
    func maxLabelWidth(_ ticks: [AxisTick]) -> Double {
        ticks.compactMap(\.label).map { labelSize($0, style.tickFont).width }.max() ?? 0
    }

    /// Tallest label among `ticks` (for the bottom margin); at least one line of digits.
    func maxLabelHeight(_ ticks: [AxisTick]) -> Double {
        let labels = ticks.compactMap(\.label) + [TickLabel("0")]
        return labels.map {
            let s = labelSize($0, style.tickFont)
            return s.capTop + s.descent
        }.max()!
    }
}
