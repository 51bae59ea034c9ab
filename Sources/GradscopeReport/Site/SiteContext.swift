/// `html/site.mustache`, `markdown/site.mustache`: the site index, one entry per report.
struct SiteContext: TemplateContext {
    var lang = "en"
    var title: String
    var generator: String
    var stylesheet: String
    var count: Int
    /// "One report", "3 reports".
    var countText: String
    var reports: [SiteEntryContext]
}

/// One report of the site: its link, description, claim status and thumbnail.
struct SiteEntryContext: TemplateContext {
    var title: String
    /// The report's page (`index.html`) in the HTML index, its `report.md` in the Markdown one.
    var href: String
    var description: String?
    /// Claim counts and status, when the report's manifest has them (`status`: "none", "passed"
    /// or "failed", with one flag for each).
    var claimsPassed: Int?
    var claimsFailed: Int?
    var claimsTotal: Int?
    /// `claimsTotal` as prose: "1 claim", "3 claims".
    var claimsCounted: String?
    var status: String?
    var noClaims: Bool?
    var allPassed: Bool?
    var someFailed: Bool?
    var thumbnail: Thumbnail?
}

/// Figure 1 of a report, light and dark, at the index's thumbnail size.
struct Thumbnail: TemplateContext {
    var light: String
    var dark: String
    var width: Int
    var height: Int
}
