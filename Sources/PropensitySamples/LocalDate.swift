import PropensityData

/// A calendar date in naive local time (no zone), written `YYYY-MM-DD`.
///
/// Converts to and from microseconds since 1970-01-01 with the proleptic Gregorian calendar,
/// so it never touches a time zone database: timestamps are taken as written.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date; `month` is 1...12 and `day` 1...31 (not checked against the month).
    public init(year: Int, month: Int, day: Int) {
        precondition((1...12).contains(month) && (1...31).contains(day),
                     "LocalDate \(year)-\(month)-\(day) out of range")
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; returns nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date containing `microseconds` (flooring, so times before 1970 work too).
    public init(microseconds: Int64) {
        let days = LocalDate.floorDiv(microseconds, PropensitySamples.dayMicroseconds)
        let (year, month, day) = LocalCalendar.date(daysSince1970: Int(days))
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }

    /// The date `days` later (earlier when negative).
    public func addingDays(_ days: Int) -> LocalDate {
        LocalDate(microseconds: (daysSinceEpoch + Int64(days)) * PropensitySamples.dayMicroseconds)
    }

    /// Microseconds since 1970-01-01 at the midnight starting this date.
    public var microseconds: Int64 { daysSinceEpoch * PropensitySamples.dayMicroseconds }

    public var description: String {
        LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2) + "-" + LocalDate.pad(day, 2)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `YYYY-MM-DDTHH:MM:SS` for a timestamp in microseconds (fractions of a second dropped).
    public static func timestampString(microseconds: Int64) -> String {
        let date = LocalDate(microseconds: microseconds)
        let second = (microseconds - date.microseconds) / 1_000_000
        let clock = pad(Int(second / 3600), 2) + ":" + pad(Int(second / 60 % 60), 2) + ":"
            + pad(Int(second % 60), 2)
        return date.description + "T" + clock
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` (or a space instead of `T`) into microseconds.
    public static func parseTimestamp(_ text: String) -> Int64? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 19, utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: " "),
              let date = LocalDate(String(decoding: utf8[0..<10], as: UTF8.self)),
              utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
              let h = Int(String(decoding: utf8[11..<13], as: UTF8.self)),
              let m = Int(String(decoding: utf8[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: utf8[17..<19], as: UTF8.self)),
              h < 24, m < 60, s < 60
        else { return nil }
        return date.microseconds + Int64(h * 3600 + m * 60 + s) * 1_000_000
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "date `\(text)` is not a valid YYYY-MM-DD date"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        guard text.count < width else { return text }
        return String(repeating: "0", count: width - text.count) + text
    }
}
