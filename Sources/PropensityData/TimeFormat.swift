import Foundation

/// How a time column is written: ISO 8601 text (the default), epoch numbers, or a pattern.
///
/// In config JSON a string: `"iso8601"`, `"epoch-seconds"`, `"epoch-milliseconds"`, or a
/// pattern with `%Y` (4-digit year), `%m`, `%d`, `%H`, `%M`, `%S` (2 digits each), `%f`
/// (1 to 9 fraction digits), `%z` (`Z`, `+HH:MM`, `+HHMM` or `+HH`), `%%`; any other
/// character must match itself (`"%d/%m/%Y %H:%M"`).
public enum TimeFormat: Sendable, Equatable, Codable, CustomStringConvertible {
    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.f]]]` with an optional `Z` or numeric offset.
    case iso8601
    /// Seconds since 1970-01-01T00:00:00Z, integer or decimal.
    case epochSeconds
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case epochMilliseconds
    /// A strftime-like pattern (see the type's comment).
    case pattern(String)

    /// Parses the config spelling; nil for a string that is neither a name nor a pattern.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "iso8601", "iso-8601", "iso": self = .iso8601
        case "epoch-seconds", "epoch-s", "unix": self = .epochSeconds
        case "epoch-milliseconds", "epoch-ms": self = .epochMilliseconds
        default:
            guard text.contains("%"), TimePattern(text) != nil else { return nil }
            self = .pattern(text)
        }
    }

    public var description: String {
        switch self {
        case .iso8601: "iso8601"
        case .epochSeconds: "epoch-seconds"
        case .epochMilliseconds: "epoch-milliseconds"
        case .pattern(let text): text
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let format = TimeFormat(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown time format '\(text)'; use iso8601, epoch-seconds, "
                    + "epoch-milliseconds or a pattern like %d/%m/%Y %H:%M:%S"))
        }
        self = format
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Where times are turned into the naive local times the method uses.
///
/// Without a zone, times are taken as written: a wall-clock time keeps its digits (an offset
/// written after it is dropped) and an instant (epoch numbers, UTC-adjusted Parquet
/// timestamps) becomes UTC wall-clock time. With a zone, naive times are taken to be in it
/// (kept), and times with an offset and instants are converted to its wall-clock time.
public struct TimeSettings: Sendable, Equatable {
    public var format: TimeFormat
    public var zone: TimeZone?

    public init(format: TimeFormat = .iso8601, zone: TimeZone? = nil) {
        self.format = format
        self.zone = zone
    }

    /// A zone from the config spelling: `UTC`, an offset like `+02:00` or `-0530`, or an
    /// IANA name like `Europe/Berlin`; nil when it is none of these.
    public static func zone(named name: String) -> TimeZone? {
        if name.uppercased() == "UTC" || name == "Z" { return TimeZone(identifier: "UTC") }
        let bytes = Array(name.utf8)
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            let seconds = bytes.withUnsafeBytes { TimeParser.offsetSeconds($0) }
            return seconds.flatMap { TimeZone(secondsFromGMT: $0) }
        }
        return TimeZone(identifier: name)
    }
}
