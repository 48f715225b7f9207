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
