import GradscopeCharts
import Testing

@Suite("Series colours: visible on their background, apart from each other")
struct PaletteTests {
    @Test("every line colour has at least 3:1 contrast against its theme's background (WCAG 1.4.11)", arguments: Theme.allCases)
    func contrast(theme: Theme) {
        let style = ThemeStyle(theme)
        for color in style.palette {
            let ratio = ColorScience.contrast(color, style.background)
            #expect(ratio >= 3, "\(theme) \(color): \(ratio):1")
        }
        #expect(ColorScience.contrast(style.neutral, style.background) >= 4.5, "the neutral reference grey")
    }

    @Test("the contrast measure agrees with WCAG's own examples")
    func contrastMeasure() {
        let white = Color(hex: 0xFFFFFF)
        let black = Color(hex: 0x000000)
        #expect(abs(ColorScience.contrast(white, black) - 21) < 1e-9)
        #expect(abs(ColorScience.contrast(Color(hex: 0x767676), white) - 4.54) < 0.01)
        #expect(abs(ColorScience.contrast(Color(hex: 0xE69F00), white) - 2.25) < 0.01, "Okabe–Ito orange, too light for white")
    }

    @Test("CIEDE2000 and CIELAB match published values")
    func deltaE() {
        // Pairs 1, 7, 17 and 25 of Sharma, Wu & Dalal's test data, with their ΔE₀₀.
        let pairs: [((Double, Double, Double), (Double, Double, Double), Double)] = [
            ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
            ((50, 0, 0), (50, -1, 2), 2.3669),
            ((50, 2.5, 0), (73, 25, -18), 27.1492),
            ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ]
        for (first, second, expected) in pairs {
            #expect(abs(ColorScience.deltaE2000(first, second) - expected) < 1e-4)
        }
        let white = ColorScience.lab(Color(hex: 0xFFFFFF))
        #expect(abs(white.l - 100) < 0.01 && abs(white.a) < 0.01 && abs(white.b) < 0.01)
        let red = ColorScience.lab(Color(hex: 0xFF0000))
        #expect(abs(red.l - 53.24) < 0.05 && abs(red.a - 80.09) < 0.05 && abs(red.b - 67.20) < 0.05)
    }

    @Test(
        "series colours are pairwise distinct for normal vision (ΔE₀₀ ≥ 15) and with red-green deficiencies (≥ 10)",
        arguments: Theme.allCases)
    func distinct(theme: Theme) {
        let palette = ThemeStyle(theme).palette
        for i in palette.indices {
            for j in palette.indices where j > i {
                let normal = ColorScience.deltaE2000(palette[i], palette[j])
                #expect(normal >= 15, "\(theme) colours \(i) and \(j): ΔE \(normal)")
                for deficiency in ColorScience.Deficiency.allCases {
                    let d = ColorScience.deltaE2000(ColorScience.simulated(palette[i], deficiency), ColorScience.simulated(palette[j], deficiency))
                    #expect(d >= 10, "\(theme) colours \(i) and \(j) under \(deficiency): ΔE \(d)")
                }
            }
        }
    }

    @Test("both themes give a style key the same hue slot, dash and marker")
    func themesAgree() {
        #expect(Palette.onLight.count == Palette.onDark.count)
        for index in 0..<30 {
            let light = Palette.style(index, theme: ThemeStyle(.light))
            let dark = Palette.style(index, theme: ThemeStyle(.dark))
            #expect(light.dash == dark.dash && light.marker == dark.marker)
        }
    }
}
