import PropensitySamples
import Testing

@Suite struct SampleKeyTests {
    @Test func keyMatchesMethodCheckValue() {
        #expect(SampleKey.key(seed: 42, user: 900) == 0xba5a_9520_19bd_a066)
    }

    @Test func checkUserFallsInValidation() {
        let unit = SampleKey.unit(seed: 42, user: 900)
        #expect(unit >= 0.70 && unit < 0.85)
    }

    @Test func fnvOfEmptyInputIsOffsetBasisThroughSplitmix() {
        // splitmix64 of 0 is the first output of the splitmix64 generator seeded with 0.
        #expect(SampleKey.splitmix64(0) == 0xe220_a839_7b1d_cdaf)
    }

    @Test func keyDependsOnSeedAndUser() {
        #expect(SampleKey.key(seed: 43, user: 900) != SampleKey.key(seed: 42, user: 900))
        #expect(SampleKey.key(seed: 42, user: 901) != SampleKey.key(seed: 42, user: 900))
    }
}

@Suite struct LocalDateTests {
    @Test func convertsDatesToEpochDays() {
        #expect(date("1970-01-01").daysSinceEpoch == 0)
        #expect(date("2017-04-01").daysSinceEpoch == 17_257)
        #expect(date("2000-03-01").daysSinceEpoch == 11_017)
        #expect(LocalDate(microseconds: -1).description == "1969-12-31")
        #expect(LocalDate(microseconds: date("2016-02-29").microseconds + 5).description
                == "2016-02-29")
    }

    @Test func timestampsRoundTrip() {
        let text = "2017-07-18T01:00:57"
        #expect(LocalDate.timestampString(microseconds: ts(text)) == text)
        #expect(ts(text) - date("2017-07-18").microseconds == 3657 * 1_000_000)
        #expect(LocalDate("2017-02-29") == nil)
        #expect(LocalDate.parseTimestamp("2017-01-01 25:00:00") == nil)
    }
}

@Suite struct SettingsTests {
    @Test func referenceSettingsAreValidAndMatchMethod() throws {
        let s = SampleSettings()
        try s.validate()
        #expect(s.windowStart == date("2017-04-01") && s.windowEnd == date("2018-01-01"))
        #expect(s.lookbackDays == 365 && s.minEvents == 10 && s.minOccasions == 3)
        #expect(s.maxLength == 256 && s.maxShift == 3 && s.dataSeed == 42)
        #expect(s.backtestCutoff == date("2017-10-01") && s.horizonDays == 30)
    }

    @Test func invalidSettingsAndTargetsThrow() {
        for change in [
            { (s: inout SampleSettings) in s.windowEnd = s.windowStart },
            { $0.splitBounds = [0.9, 0.8] },
            { $0.negativeRatio = 0 },
            { $0.minEvents = 0 },
        ] as [(inout SampleSettings) -> Void] {
            #expect(throws: SampleError.self) { try settings(change).validate() }
        }
        #expect(throws: SampleError.self) {
            try Target(name: "x", level: 4, values: ["A"]).validate()
        }
        #expect(throws: SampleError.self) {
            try Target(name: "x", level: 2, values: []).validate()
        }
    }
}
