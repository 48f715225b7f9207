import Testing
@testable import PropensityData

@Suite struct TextValueParserTests {
    func int64(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { TextValueParser.int64($0) }
    }

    func double(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { TextValueParser.double($0) }
    }

    func time(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { TextValueParser.timestamp($0) }
    }

    @Test func integersParseWithSignsSpacesAndIntegralDecimals() {
        #expect(int64("31198570044") == 31_198_570_044)
        #expect(int64(" -42 ") == -42)
        #expect(int64("+7") == 7)
        #expect(int64("9223372036854775807") == Int64.max)
        #expect(int64("-9223372036854775808") == Int64.min)
        #expect(int64("9223372036854775808") == nil)
        #expect(int64("900.0") == 900)
        #expect(int64("1e3") == 1000)
        #expect(int64("1.5") == nil)
        #expect(int64("") == nil)
        #expect(int64("-") == nil)
        #expect(int64("12a") == nil)
    }

    @Test func decimalsParseLikeTheStandardLibrary() {
        let samples = [
            "0.5", "0.99", "1.43", "-2.5", ".5", "3", "1e2", "1E-3", "2.5e+3", "0.1", "0.7",
            "123456789.123456789", "1e-300", "1.7976931348623157e308", "4.9e-324", "-0",
            "0.30000000000000004", "12345678901234567890", "9007199254740993",
        ]
        for text in samples {
            #expect(double(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func everyCentAmountMatchesTheStandardLibrary() {
        // The fast path divides by a power of ten; check it on all amounts 0.00 ... 99.99.
        for cents in 0..<10_000 {
            let text = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
            #expect(double(text) == Double(text), "\(text)")
        }
    }

    @Test func nonNumbersAreRejected() {
        for text in ["", "abc", "1.2.3", "nan", "inf", "1e", "--1", "1,5", "0x10", "e5"] {
            #expect(double(text) == nil, "\(text)")
        }
    }

    @Test func isoTimesBecomeMicrosecondsAsWritten() {
        // 2017-01-01 is day 17167 since 1970-01-01; 11:53:26 is 42806 s.
        let day: Int64 = 17167 * 86400 * 1_000_000
        let clock: Int64 = 42806 * 1_000_000
        #expect(time("2017-01-01T11:53:26") == day + clock)
        #expect(time("2017-01-01 11:53:26") == day + clock)
        #expect(time("2017-01-01") == day)
        #expect(time("2017-01-01T11:53") == day + clock - 26_000_000)
        #expect(time("2017-01-01T11:53:26.25") == day + clock + 250_000)
        #expect(time("2017-01-01T11:53:26.123456789Z") == day + clock + 123_456)
        #expect(time("1969-12-31T23:59:59") == -1_000_000)
        #expect(time("2000-02-29") == Int64(11016) * 86400 * 1_000_000)
        // Python: (date(1600, 3, 1) - date(1970, 1, 1)).days == -135080.
        #expect(time("1600-03-01") == Int64(-135_080) * 86400 * 1_000_000)
    }

    @Test func malformedTimesAreRejected() {
        for text in [
            "", "2017-1-01", "2017-13-01", "2017-02-29", "2017-01-01T24:00:00",
            "2017-01-01T11:60", "2017-01-01T11:53:26+01:00", "2017-01-01X11:53:26",
            "2017-01-01T11:53:26.", "01/02/2017",
        ] {
            #expect(time(text) == nil, "\(text)")
        }
    }

    @Test func daysSinceEpochMatchesKnownDates() {
        #expect(TextValueParser.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(TextValueParser.daysSinceEpoch(year: 2017, month: 1, day: 1) == 17167)
        #expect(TextValueParser.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
        #expect(TextValueParser.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11017)
    }
}
