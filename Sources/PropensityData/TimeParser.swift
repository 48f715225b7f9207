import Foundation

/// Turns time fields into microseconds since 1970-01-01 in naive local time, following
/// `TimeSettings` (format and zone).
///
/// Zone offsets are looked up once per 15-minute step of UTC time and cached, since time
/// zone transitions fall on quarter hours and logs are mostly in time order.
final class TimeParser {
    let settings: TimeSettings
    private let pattern: TimePattern?
    private var cachedStep = Int64.min
    private var cachedOffset: Int64 = 0

    init(_ settings: TimeSettings) {
        self.settings = settings
        if case .pattern(let text) = settings.format {
            pattern = TimePattern(text)
        } else {
            pattern = nil
        }
    }

    /// What the format expects, for error messages.
    var expectation: String {
        switch settings.format {
        case .iso8601: "a time like 2017-01-31T13:45:00"
        case .epochSeconds: "seconds since 1970"
        case .epochMilliseconds: "milliseconds since 1970"
        case .pattern(let text): "a time in the pattern \(text)"
        }
    }

    /// A text field, or nil when it does not follow the format.
    func parse(_ raw: UnsafeRawBufferPointer) -> Int64? {
        let text = TextValueParser.trimmed(raw)
        switch settings.format {
        case .iso8601:
            let (body, offset) = Self.splitOffset(text)
            guard let wall = TextValueParser.timestamp(body) else { return nil }
            return local(wall: wall, offset: offset)
        case .epochSeconds:
            guard let seconds = TextValueParser.double(text), abs(seconds) < 9e12 else {
                return nil
            }
            if let whole = TextValueParser.int64(text), abs(whole) < 9_000_000_000_000 {
                return local(instant: whole * 1_000_000)
            }
            return local(instant: Int64((seconds * 1e6).rounded(.down)))
        case .epochMilliseconds:
            guard let millis = TextValueParser.int64(text), abs(millis) < 9_000_000_000_000_000
            else { return nil }
            return local(instant: millis * 1000)
        case .pattern:
            guard let (wall, offset) = pattern!.parse(text) else { return nil }
            return local(wall: wall, offset: offset)
        }
    }

    /// A number from a numeric column under an epoch format; nil for other formats.
    func epoch(_ value: Int64) -> Int64? {
        switch settings.format {
        case .epochSeconds: local(instant: value &* 1_000_000)
        case .epochMilliseconds: local(instant: value &* 1000)
        default: nil
        }
    }

    /// An absolute time (microseconds since the epoch, UTC) as local wall-clock time.
    func local(instant: Int64) -> Int64 {
        guard let zone = settings.zone else { return instant }
        let step = instant >= 0 ? instant / 900_000_000 : (instant - 899_999_999) / 900_000_000
        if step != cachedStep {
            let date = Date(timeIntervalSince1970: Double(step) * 900)
            cachedOffset = Int64(zone.secondsFromGMT(for: date)) * 1_000_000
            cachedStep = step
        }
        return instant + cachedOffset
    }

    /// A wall-clock time, with the offset it was written with if any, as local time.
    private func local(wall: Int64, offset: Int?) -> Int64 {
        guard let offset, settings.zone != nil else { return wall }
        return local(instant: wall - Int64(offset) * 1_000_000)
    }

    /// The text without a trailing `Z` or `±HH:MM` / `±HHMM` / `±HH` after the time, and the
    /// offset in seconds.
    static func splitOffset(
        _ text: UnsafeRawBufferPointer
    ) -> (UnsafeRawBufferPointer, Int?) {
        let n = text.count
        guard n > 10 else { return (text, nil) }
        if text[n - 1] == UInt8(ascii: "Z") {
            return (UnsafeRawBufferPointer(rebasing: text[0..<(n - 1)]), 0)
        }
        // The sign of an offset comes after the time (position 16 or later).
        var k = n - 1
        while k > 16 && text[k] != UInt8(ascii: "+") && text[k] != UInt8(ascii: "-") { k -= 1 }
        guard k > 16, let seconds = offsetSeconds(UnsafeRawBufferPointer(rebasing: text[k..<n]))
        else { return (text, nil) }
        return (UnsafeRawBufferPointer(rebasing: text[0..<k]), seconds)
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM` as seconds east of UTC.
    static func offsetSeconds(_ text: UnsafeRawBufferPointer) -> Int? {
        if text.count == 1 && text[0] == UInt8(ascii: "Z") { return 0 }
        guard text.count >= 3, text[0] == UInt8(ascii: "+") || text[0] == UInt8(ascii: "-")
        else { return nil }
        var digits: [Int] = []
        for k in 1..<text.count {
            if text[k] == UInt8(ascii: ":") && k == 3 { continue }
            let digit = text[k] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            digits.append(Int(digit))
        }
        guard digits.count == 2 || digits.count == 4 else { return nil }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits.count == 4 ? digits[2] * 10 + digits[3] : 0
        guard hours <= 18, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return text[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
