import Foundation
import Testing
@testable import PropensityData

/// Time formats and zones: every case against hand-computed microseconds.
@Suite struct TimeParserTests {
    /// 2017-07-01T12:00:00 as naive microseconds (day 17348 since 1970).
    static let julyNoon: Int64 = 17348 * 86_400_000_000 + 12 * 3_600_000_000
    /// 2017-01-01T12:00:00 (day 17167).
    static let januaryNoon: Int64 = 17167 * 86_400_000_000 + 12 * 3_600_000_000
    static let hour: Int64 = 3_600_000_000

    func parse(_ text: String, _ format: TimeFormat = .iso8601, zone: String? = nil) -> Int64? {
        let parser = TimeParser(TimeSettings(
            format: format, zone: zone.map { TimeSettings.zone(named: $0)! }))
        return Array(text.utf8).withUnsafeBytes { parser.parse($0) }
    }

    @Test func isoTimesWithoutZoneAreTakenAsWritten() {
        #expect(parse("2017-07-01T12:00:00") == Self.julyNoon)
        #expect(parse("2017-07-01 12:00") == Self.julyNoon)
        #expect(parse("2017-07-01T12:00:00Z") == Self.julyNoon)
        #expect(parse("2017-07-01T12:00:00+02:00") == Self.julyNoon)
        #expect(parse("2017-07-01T12:00:00.25-0530") == Self.julyNoon + 250_000)
    }

    @Test func offsetsAreConvertedIntoTheConfiguredZone() {
        // 12:00+02:00 is 10:00Z: 10:00 in UTC, 12:00 in Berlin summer time, 06:00 in New York.
        #expect(parse("2017-07-01T12:00:00+02:00", zone: "UTC") == Self.julyNoon - 2 * Self.hour)
        #expect(parse("2017-07-01T12:00:00+02:00", zone: "Europe/Berlin") == Self.julyNoon)
        #expect(parse("2017-07-01T10:00:00Z", zone: "America/New_York")
            == Self.julyNoon - 6 * Self.hour)
        // Winter: Berlin is UTC+1.
        #expect(parse("2017-01-01T12:00:00Z", zone: "Europe/Berlin")
            == Self.januaryNoon + Self.hour)
        #expect(parse("2017-01-01T12:00:00Z", zone: "+05:30")
            == Self.januaryNoon + 5 * Self.hour + Self.hour / 2)
        // Naive times are taken to be in the zone already.
        #expect(parse("2017-07-01T12:00:00", zone: "Europe/Berlin") == Self.julyNoon)
    }

    @Test func epochSecondsAndMillisecondsAreInstants() {
        let julyNoonSeconds = Self.julyNoon / 1_000_000
        #expect(parse("\(julyNoonSeconds)", .epochSeconds) == Self.julyNoon)
        #expect(parse("\(julyNoonSeconds).5", .epochSeconds) == Self.julyNoon + 500_000)
        #expect(parse("\(julyNoonSeconds * 1000 + 7)", .epochMilliseconds)
            == Self.julyNoon + 7000)
        #expect(parse("\(julyNoonSeconds)", .epochSeconds, zone: "Europe/Berlin")
            == Self.julyNoon + 2 * Self.hour)
        #expect(parse("2017-07-01", .epochSeconds) == nil)
    }

    @Test func patternsReadTheirFieldsAndLiterals() {
        let format = TimeFormat("%d/%m/%Y %H:%M:%S")!
        #expect(parse("01/07/2017 12:00:00", format) == Self.julyNoon)
        #expect(parse("01/07/2017 12:00", format) == nil)
        #expect(parse("31/06/2017 12:00:00", format) == nil)
        let withFraction = TimeFormat("%Y%m%d-%H%M%S.%f %z")!
        #expect(parse("20170701-120000.5 +02:00", withFraction) == Self.julyNoon + 500_000)
        #expect(parse("20170701-120000.5 +02:00", withFraction, zone: "UTC")
            == Self.julyNoon - 2 * Self.hour + 500_000)
    }

    @Test func formatAndZoneSpellings() {
        #expect(TimeFormat("epoch-ms") == .epochMilliseconds)
        #expect(TimeFormat("ISO8601") == .iso8601)
        #expect(TimeFormat("%Y-%q") == nil)
        #expect(TimeFormat("%H:%M") == nil)  // no date
        #expect(TimeFormat("fortnightly") == nil)
        #expect(TimeSettings.zone(named: "-05:00")?.secondsFromGMT() == -18000)
        #expect(TimeSettings.zone(named: "Mars/Olympus") == nil)
    }
}
