/// A synthetic hourly electricity-consumption series for one building over one year (regression).
///
/// Each example is a random hour t of a 365-day year (day d = t / 24, hour of day τ = t mod 24,
/// day of week w = d mod 7 with day 0 a Monday). Outdoor temperature follows the season and the day:
///
///     T = 11 − 9 cos(2π (d − 15) / 365) − 4 cos(2π (τ − 15) / 24) + N(0, 2²)   (°C)
///
/// Load in kW: a base, a morning peak near 08:00 and an evening peak near 19:00 (both damped on
/// weekends and holidays), heating below the comfort band 15–22 °C, cooling above it, and noise:
///
///     L = 40 + k (18 e^{−(τ−8)²/4.5} + 25 e^{−(τ−19)²/8}) − 6 [off-day]
///         + 2.5 max(0, 15 − T) + 3 max(0, T − 22) + N(0, 3²),   k = 0.55 on off-days else 1
///
/// Features (8): sin and cos of the hour angle, sin and cos of the weekday angle, weekend flag,
/// holiday flag, temperature, cos of the season angle. Target: L.
public enum Electricity {
    public static let featureNames = [
        "hour_sin", "hour_cos", "weekday_sin", "weekday_cos",
        "weekend", "holiday", "temperature", "season_cos",
    ]
    /// Fixed holidays, as day-of-year indices (New Year, Easter Monday, Labour Day, Ascension,
    /// Whit Monday, National Day, Assumption, All Saints, Armistice, Christmas, Boxing Day).
    public static let holidays: Set<Int> = [0, 90, 120, 128, 139, 195, 226, 304, 314, 358, 359]

    public static func generate(samples: Int, seed: UInt64) -> Dataset {
        var rng = Xoshiro256StarStar(seed: seed)
        var x = Matrix(rows: samples, cols: 8)
        var y = Matrix(rows: samples, cols: 1)
        let twoPi = 2 * Double.pi
        for i in 0..<samples {
            let t = rng.below(365 * 24)
            let day = t / 24
            let hour = Double(t % 24)
            let weekday = day % 7
            let weekend = weekday >= 5
            let holiday = holidays.contains(day)
            let offDay = weekend || holiday
            let season = twoPi * Double(day - 15) / 365
            let temperature = 11 - 9 * cos(season) - 4 * cos(twoPi * (hour - 15) / 24) + 2 * rng.normal()
            let peaks = 18 * exp(-(hour - 8) * (hour - 8) / 4.5) + 25 * exp(-(hour - 19) * (hour - 19) / 8)
            var load = 40 + (offDay ? 0.55 : 1) * peaks - (offDay ? 6 : 0)
            load += 2.5 * max(0, 15 - temperature) + 3 * max(0, temperature - 22)
            load += 3 * rng.normal()
            let hourAngle = twoPi * hour / 24
            let dayAngle = twoPi * Double(weekday) / 7
            let row = [
                sin(hourAngle), cos(hourAngle), sin(dayAngle), cos(dayAngle),
                weekend ? 1 : 0, holiday ? 1 : 0, temperature, cos(season),
            ]
            for c in 0..<8 { x[i, c] = row[c] }
            y[i, 0] = load
        }
        return Dataset(features: x, targets: y, task: .regression(outputs: 1), featureNames: featureNames)
    }
}
