/// Parsers of numbers and times written as text (CSV fields, BYTE_ARRAY columns).
///
/// They read raw UTF-8 bytes and allocate nothing on the common paths. Each returns nil when
/// the text is not a valid value; callers turn that into a `DataError` naming the place.
enum TextValueParser {
    private static let space = UInt8(ascii: " ")
    private static let zero = UInt8(ascii: "0")

    /// Drops leading and trailing spaces and tabs.
    static func trimmed(_ text: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = text.count
        while start < end && (text[start] == space || text[start] == 9) { start += 1 }
        while end > start && (text[end - 1] == space || text[end - 1] == 9) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: text[start..<end])
    }

    /// A decimal integer with optional sign; integral decimals like `12.0` or `1e3` are
    /// accepted when exactly representable.
    static func int64(_ raw: UnsafeRawBufferPointer) -> Int64? {
        let text = trimmed(raw)
        guard !text.isEmpty else { return nil }
        var i = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < text.count else { return nil }
        var magnitude: UInt64 = 0
        while i < text.count {
            let digit = text[i] &- zero
            guard digit < 10 else { return integralDouble(text) }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            magnitude = sum
            i += 1
        }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(bitPattern: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    private static func integralDouble(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard let value = double(text), value == value.rounded(),
            abs(value) <= 9_007_199_254_740_992
        else { return nil }
        return Int64(value)
    }

    /// Powers of ten exactly representable as Double.
    private static let exactPowersOfTen: [Double] = (0...22).map { k in
        var value = 1.0
        for _ in 0..<k { value *= 10 }
        return value
    }

    /// A finite decimal number (`-1.25`, `3`, `.5`, `1e-3`), correctly rounded to Double.
    ///
    /// Short inputs take the exact fast path `m / 10^k` or `m * 10^k` (m < 2^53, k <= 22, one
    /// rounding); the rest go through the standard library's correctly rounded parser.
    /// `nan` and `inf` are rejected: no column of a transaction log should hold them.
    static func double(_ raw: UnsafeRawBufferPointer) -> Double? {
        let text = trimmed(raw)
        let n = text.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var scale = 0
        var sawPoint = false
        while i < n {
            let byte = text[i]
            let digit = byte &- zero
            if digit < 10 {
                digits += 1
                if sawPoint { scale -= 1 }
                if mantissa != 0 || digit != 0 {
                    // Beyond 19 digits the fast path is off, so the mantissa may stop there.
                    significant += 1
                    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(digit) }
                }
            } else if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < n {
            guard text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            var exponentNegative = false
            if i < n && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+")) {
                exponentNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n else { return nil }
            while i < n {
                let digit = text[i] &- zero
                guard digit < 10 else { return nil }
                exponent = min(exponent * 10 + Int(digit), 100_000)
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let power = scale + exponent
        if significant <= 19 && mantissa <= 1 << 53 && abs(power) <= 22 {
            let m = Double(mantissa)
            let value = power < 0 ? m / exactPowersOfTen[-power] : m * exactPowersOfTen[power]
            return negative ? -value : value
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }

    /// Reads `count` digits at `offset` as a number, or nil if any is not a digit.
    private static func number(
        _ text: UnsafeRawBufferPointer, _ offset: Int, _ count: Int
    ) -> Int? {
        guard offset + count <= text.count else { return nil }
        var value = 0
        for k in offset..<(offset + count) {
            let digit = text[k] &- zero
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (negative before 1970).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        // Count in eras of 400 years starting in March, so leap days fall at the end.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// An ISO 8601 local time, `YYYY-MM-DD[(T| )HH:MM[:SS[.fffffffff]]][Z]`, as microseconds
    /// since 1970-01-01 (fractions beyond microseconds are truncated, no zone conversion).
    ///
    /// A date alone is midnight. A trailing `Z` is accepted and ignored; numeric offsets
    /// (`+01:00`) are rejected because applying them would change the times.
    static func timestamp(_ raw: UnsafeRawBufferPointer) -> Int64? {
        let text = trimmed(raw)
        guard text.count >= 10, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
            let year = number(text, 0, 4), let month = number(text, 5, 2),
            let day = number(text, 8, 2), (1...12).contains(month),
            (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var micros = Int64(daysSinceEpoch(year: year, month: month, day: day)) * 86_400_000_000
        var end = text.count
        if text[end - 1] == UInt8(ascii: "Z") { end -= 1 }
        guard end > 10 else { return end == 10 ? micros : nil }

        guard text[10] == UInt8(ascii: "T") || text[10] == space, end >= 16,
            text[13] == UInt8(ascii: ":"), let hour = number(text, 11, 2),
            let minute = number(text, 14, 2), hour < 24, minute < 60
        else { return nil }
        var seconds = 0
        var i = 16
        if i < end {
            guard text[i] == UInt8(ascii: ":"), let s = number(text, 17, 2), s < 60 else {
                return nil
            }
            seconds = s
            i = 19
        }
        var fraction: Int64 = 0
        if i < end {
            guard text[i] == UInt8(ascii: "."), i + 1 < end, end - (i + 1) <= 9 else {
                return nil
            }
            var scale: Int64 = 100_000
            for k in (i + 1)..<end {
                let digit = text[k] &- zero
                guard digit < 10 else { return nil }
                fraction += Int64(digit) * scale
                scale /= 10
            }
        }
        micros += Int64(hour * 3600 + minute * 60 + seconds) * 1_000_000 + fraction
        return micros
    }
}
