import Foundation

/// The site index's pages: `index.html` (self-contained: the report stylesheet inlined) and
/// `index.md` (GitHub-flavoured Markdown), listing `entries` in their order, from the templates
/// `html/site.mustache` and `markdown/site.mustache`. Pure: same entries, same bytes.
enum SiteIndex {
    /// Thumbnails are drawn this many CSS pixels wide (the stylesheet may scale them); the height
    /// keeps the figure's aspect ratio.
    static let thumbnailWidth = 240

    static func files(_ entries: [SiteEntry], templates: TemplateSet) throws -> [String: Data] {
        var context = pageContext(entries, stylesheet: templates.stylesheet, markdown: false)
        let html = try templates.render("html-site", context.mustacheContext)
        context = pageContext(entries, stylesheet: templates.stylesheet, markdown: true)
        return [
            "index.html": Data(html.utf8),
            "index.md": Data(try templates.render("markdown-site", context.markdownContext).utf8),
        ]
    }

    private static func pageContext(_ entries: [SiteEntry], stylesheet: String, markdown: Bool) -> SiteContext {
        SiteContext(
            title: "Reports", generator: ReportFiles.generator, stylesheet: stylesheet, count: entries.count,
            countText: entries.count == 1 ? "One report" : "\(entries.count) reports",
            reports: entries.map { entryContext($0, markdown: markdown) })
    }

    /// One report: its links (to `index.html` for the page, `report.md` for the Markdown index),
    /// claim status and thumbnail.
    private static func entryContext(_ entry: SiteEntry, markdown: Bool) -> SiteEntryContext {
        let page = markdown ? "report.md" : "index.html"
        var context = SiteEntryContext(title: entry.title, href: URLPath.encode(entry.folder + "/" + page), description: entry.description)
        if let claims = entry.claims {
            let total = claims.passed + claims.failed
            context.claimsPassed = claims.passed
            context.claimsFailed = claims.failed
            context.claimsTotal = total
            context.claimsCounted = ClaimCount.text(total)
            context.status = total == 0 ? "none" : claims.failed == 0 ? "passed" : "failed"
            context.noClaims = total == 0
            context.allPassed = total > 0 && claims.failed == 0
            context.someFailed = claims.failed > 0
        }
        if let figure = entry.thumbnail {
            context.thumbnail = Thumbnail(
                light: URLPath.encode(entry.folder + "/" + figure.light), dark: URLPath.encode(entry.folder + "/" + figure.dark),
                width: thumbnailWidth, height: max(1, Int((Double(thumbnailWidth) * Double(figure.height) / Double(figure.width)).rounded())))
        }
        return context
    }
}
