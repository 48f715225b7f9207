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
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key `\(key.stringValue)` at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context),
            .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }
}
