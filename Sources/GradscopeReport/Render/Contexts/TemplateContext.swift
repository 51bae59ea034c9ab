/// A template's variables as a struct: each stored property is a key the templates may name, so
/// the compiler checks what `ReportFiles` fills in and a test checks the templates' tags against
/// the same properties (`TemplateKeysTests`).
///
/// `mustacheContext` is the one place such a struct becomes what swift-mustache renders: each
/// stored property under its own name; a nil optional left out, so Mustache looks the name up in
/// the enclosing context as it does for any missing key; nested contexts and arrays converted
/// likewise; strings, numbers and booleans as they are.
protocol TemplateContext {}

extension TemplateContext {
    var mustacheContext: [String: Any] {
        var context: [String: Any] = [:]
        for child in Mirror(reflecting: self).children {
            guard let name = child.label, let value = mustacheValue(child.value) else { continue }
            context[name] = value
        }
        return context
    }

    /// The context for a Markdown template: `mustacheContext` with its prose escaped for
    /// Markdown (`MarkdownText.context`).
    var markdownContext: [String: Any] {
        MarkdownText.context(mustacheContext) as! [String: Any]
    }
}

private func mustacheValue(_ value: Any) -> Any? {
    switch value {
    case let optional as any OptionalTemplateValue: optional.wrapped.flatMap(mustacheValue)
    case let context as any TemplateContext: context.mustacheContext
    case let array as [Any]: array.compactMap(mustacheValue)
    default: value
    }
}

private protocol OptionalTemplateValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalTemplateValue {
    fileprivate var wrapped: Any? { self }
}
