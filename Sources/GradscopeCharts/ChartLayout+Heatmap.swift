extension Heatmap {
    /// Number of columns drawn: the longer of the labels and the longest row.
    var columnCount: Int { max(columnLabels.count, values.map(\.count).max() ?? 0) }
    /// Number of rows drawn: the longer of the labels and the values.
    var rowCount: Int { max(rowLabels.count, values.count) }
    /// Column labels, padded with 1-based numbers where labels are missing.
    var paddedColumnLabels: [String] {
        (0..<columnCount).map { $0 < columnLabels.count ? columnLabels[$0] : String($0 + 1) }
    }
    /// Row labels (bottom to top), padded with 1-based numbers where labels are missing.
    var paddedRowLabels: [String] {
        (0..<rowCount).map { $0 < rowLabels.count ? rowLabels[$0] : String($0 + 1) }
    }
    /// The value at a cell, NaN where the grid is ragged.
    func value(row: Int, column: Int) -> Double {
        row < values.count && column < values[row].count ? values[row][column] : .nan
    }
}

extension ChartLayout {
    /// Draws heatmap cells: row 0 at the bottom, column 0 at the left, coloured through the figure's
    /// colour bar. Missing cells (NaN, ±∞, or ragged) are grey with diagonal hatching; values a log
    /// scale cannot show (0 and below) take the lowest colour, as values below the range.
    static func drawHeatmap(_ map: Heatmap, in geometry: PanelGeometry, colorBar: ColorBar, ctx: inout LayoutContext) {
        let plot = geometry.plot
        let columns = map.columnCount
        let rows = map.rowCount
        guard columns > 0, rows > 0 else { return }
        let cellWidth = plot.width / Double(columns)
        let cellHeight = plot.height / Double(rows)
        var missing: [Rect] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = Rect(
                    x: plot.minX + Double(column) * cellWidth, y: plot.maxY - Double(row + 1) * cellHeight,
                    width: cellWidth, height: cellHeight)
                let value = map.value(row: row, column: column)
                guard value.isFinite else {
                    missing.append(cell)
                    continue
                }
                // Overlap neighbours by a hair so anti-aliased edges leave no seams.
                let fillRect = Rect(x: cell.x, y: cell.y - 0.3, width: cell.width + 0.3, height: cell.height + 0.3)
                ctx.fill(.rect(fillRect), colorBar.color(for: value))
            }
        }
        for cell in missing {
            drawMissing(cell, ctx: &ctx)
        }
    }

    /// A missing-value patch: grey fill with 45° hatching clipped to the patch.
    static func drawMissing(_ cell: Rect, ctx: inout LayoutContext) {
        ctx.fill(.rect(cell), ctx.style.missing)
        ctx.commands.append(.pushClip(cell))
        let spacing = 4.0
        var offset = -cell.height
        while offset < cell.width {
            ctx.stroke(
                .segment(Point(x: cell.minX + offset, y: cell.maxY), Point(x: cell.minX + offset + cell.height, y: cell.minY)),
                ctx.style.hatch, width: 0.7)
            offset += spacing
        }
        ctx.commands.append(.popClip)
    }
}
