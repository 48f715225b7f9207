import Foundation

extension DecodingError {
    /// What is wrong, in words for whoever wrote the JSON (model descriptions here, configs
    /// in the command-line tool): the key, what it must be and what was found, e.g.
    /// "`training.epochs` must be a whole number, found "20" (text)".
    ///
    /// - Parameters:
    ///   - json: the document as `JSONSerialization` reads it, to show the value found; nil
    ///     when it is not JSON at all.
    ///   - key: the key the document sits under, prefixed to the path (`training`).
    public func plainSummary(in json: Any? = nil, under key: String? = nil) -> String {
        switch self {
        case .typeMismatch(let type, let context):
            let place = Self.place(context.codingPath, under: key)
            let value = json.flatMap { Self.value(at: context.codingPath, in: $0) }
            let found = value.map(Self.shown) ?? "a value of another kind"
            return "\(place) must be \(Self.noun(type)), found \(found)"
        case .valueNotFound(let type, let context):
            let place = Self.place(context.codingPath, under: key)
            return "\(place) must be \(Self.noun(type)), found null"
        case .keyNotFound(let missing, let context):
            return "\(Self.place(context.codingPath + [missing], under: key)) is missing"
        case .dataCorrupted(let context):
            // Foundation's reason here is about its parser, and also what it says of a number
            // that does not fit its key; ours (dates, time formats) are plain words.
            var reason = context.debugDescription
            if reason.hasPrefix("The given data was not valid JSON") {
                reason = json == nil
                    ? "not valid JSON"
                    : "a number does not fit its key (a fraction or a huge number where a "
                        + "whole number is needed)"
            }
            guard !context.codingPath.isEmpty || key != nil else { return reason }
            return "\(Self.place(context.codingPath, under: key)): \(reason)"
        @unknown default:
            return "\(self)"
        }
    }

    /// `a.b[2].c` in backquotes, or "the document" for the root.
    static func place(_ path: [CodingKey], under key: String?) -> String {
        var text = key ?? ""
        for component in path {
            if let index = component.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + component.stringValue
            }
        }
        return text.isEmpty ? "the document" : "`\(text)`"
    }

    /// The value at `path` in a `JSONSerialization` document, if it is there.
    static func value(at path: [CodingKey], in json: Any) -> Any? {
        var node = json
        for component in path {
            if let object = node as? [String: Any], let next = object[component.stringValue] {
                node = next
            } else if let index = component.intValue, let array = node as? [Any],
                      array.indices.contains(index)
            {
                node = array[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// A JSON value as written, with its kind where the text alone is not clear.
    static func shown(_ value: Any) -> String {
        if value is NSNull { return "null" }
        let data = try? JSONSerialization.data(
            withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        var text = data.map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        if text.count > 40 { text = text.prefix(37) + "..." }
        switch value {
        case is String: return "\(text) (text)"
        case is [Any]: return "\(text) (a list)"
        case is [String: Any]: return "\(text) (an object)"
        default: return text
        }
    }

    /// What a Swift type is called in a JSON document.
    static func noun(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text (in quotes)"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type:
            return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") || name.hasPrefix("Set") { return "a list" }
            return "an object"
        }
    }
}
