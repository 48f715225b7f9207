import Foundation

/// What can go wrong reading report data.
public enum ReportError: Error, CustomStringConvertible {
    /// The file is not JSON of the `ReportData` schema.
    case unreadable(file: String, detail: String)
    /// There is no such file.
    case missing(file: String)

    public var description: String {
        switch self {
        case .missing(let file):
            return "no report data at \(file); run the pipeline first (it writes report-data.json"
                + " into its output folder) or pass --data FILE"
        case .unreadable(let file, let detail):
            return "\(file) is not valid report data: \(detail); see docs/report-data.md"
                + " for the schema"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                .joined()
            return text.isEmpty ? "the top level" : "`\(text)`"
        }
        // Plain words: the decoder's own descriptions name Swift types and its parser.
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: return "text"
            case is Bool.Type: return "true or false"
            case is Int.Type: return "a whole number"
            case is Double.Type: return "a number"
            default: return "\(type)".hasPrefix("Array") ? "a list" : "an object"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key `\(key.stringValue)` at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(kind(type)) but holds another kind "
                + "of value"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(kind(type)), not null"
        case .dataCorrupted(let context):
            let reason = context.debugDescription.hasPrefix("The given data was not valid JSON")
                ? "not valid JSON, or a number that does not fit its key"
                : context.debugDescription
            return context.codingPath.isEmpty
                ? reason : "\(reason) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }
}
