import Foundation
import PropensityData
import PropensitySamples
import Testing

/// Encoding of a three-event history computed by hand.
@Suite struct SequenceEncoderTests {
    /// User 1: a Monday noon event, two Wednesday events, then the target on Friday
    /// 2017-05-05 (anchor day). User 2 bought only an uncatalogued product.
    static func fixture() throws -> (log: EventLog, samples: [Sample]) {
        var log = TestLog()
        log.add(user: 1, at: "2017-05-01T12:00:00", basket: 1, product: 1, amount: 2,
                discount: 0.5)
        log.add(user: 1, at: "2017-05-03T00:00:00", basket: 2, product: 2, quantity: 2)
        log.add(user: 1, at: "2017-05-03T06:00:00", basket: 3, product: 3, amount: 0)
        log.target(user: 1, at: "2017-05-05T10:00:00")
        log.add(user: 2, at: "2017-05-02T12:00:00", basket: 4, product: 77)
        let eventLog = try log.eventLog()
        let builder = try SampleBuilder(log: eventLog, target: TestLog.target, settings: settings {
            $0.minEvents = 1
            $0.minOccasions = 1
        })
        return (eventLog, try builder.eligibleSamples().samples)
    }

    static func check(_ actual: ArraySlice<Float>, _ expected: [Double], _ what: String) {
        let errors = zip(actual, expected).map { abs(Double($0) - $1) }
        let worst = errors.indices.max { errors[$0] < errors[$1] } ?? 0
        #expect(actual.count == expected.count)
        let message = "\(what): worst element \(worst) is \(actual[actual.startIndex + worst]), "
            + "expected \(expected[worst]) (tolerance 1e-6)"
        #expect(errors[worst] < 1e-6, Comment(rawValue: message))
    }

    @Test func encodesNumbersAndIdsAsComputedByHand() throws {
        let (log, samples) = try Self.fixture()
        let user1 = try #require(samples.first { $0.user == 1 })
        #expect(user1.history == 0..<3)
        var encoder = SequenceEncoder(fittingOn: [user1], in: log, maxLength: 4)
        #expect(encoder.vocabularies == [
            ["DRUG GM", "GROCERY"], ["BREAD", "MILK", "SOAP"],
            ["<MISSING>", "WHITE BREAD", "WHOLE MILK"],
        ])
        #expect(encoder.vocabularySizes == [4, 5, 5])
        encoder.mean = [Double](repeating: 0, count: 6)
        encoder.deviation = [Double](repeating: 1, count: 6)
        let encoded = encoder.encode([user1], in: log)
        #expect(encoded.lengths == [3] && encoded.labels == [1])
        #expect(encoded.categories == [0, 0, 0, 3, 3, 4, 3, 2, 3, 2, 4, 2])
        Self.check(encoded.numbers[0..<24], [
            0, 0, 0, 0, 0, 0,  // padding
            // Monday: no previous event; 3.5 days before the anchor day; 0.5 / 2.5 discount.
            log1p(1), log1p(2), 0.2, 0, log1p(3.5), 0,
            // Wednesday midnight: 1.5 days after the first event, 2 days to the anchor day.
            log1p(2), log1p(1), 0, log1p(1.5), log1p(2), 2,
            // Wednesday 06:00: amount and discount 0 give share 0.
            log1p(1), 0, 0, log1p(0.25), log1p(1.75), 2,
        ], "numbers")
    }

    @Test func keepsLatestStepsButCountsGapsFromWholeHistory() throws {
        let (log, samples) = try Self.fixture()
        let user1 = try #require(samples.first { $0.user == 1 })
        let encoder = SequenceEncoder(
            maxLength: 2, vocabularies: [["GROCERY"], [], []],
            mean: [Double](repeating: 0, count: 6), deviation: [Double](repeating: 1, count: 6))
        let encoded = encoder.encode([user1], in: log)
        #expect(encoded.lengths == [2])
        // Unseen values are id 1 (unknown).
        #expect(encoded.categories == [2, 1, 1, 1, 1, 1])
        Self.check(encoded.numbers[0..<12], [
            log1p(2), log1p(1), 0, log1p(1.5), log1p(2), 2,
            log1p(1), 0, 0, log1p(0.25), log1p(1.75), 2,
        ], "numbers")
    }

    @Test func scalerStandardisesEncodedStepsWithPopulationDeviation() throws {
        let (log, samples) = try Self.fixture()
        let user1 = try #require(samples.first { $0.user == 1 })
        // Two encoded steps: population standardisation maps two distinct values to +-1,
        // and a constant number (share 0, day of week 2) keeps deviation 1.
        let encoder = SequenceEncoder(fittingOn: [user1], in: log, maxLength: 2)
        #expect(abs(encoder.mean[0] - (Foundation.log(3) + Foundation.log(2)) / 2) < 1e-7)
        #expect(abs(encoder.deviation[0] - (Foundation.log(3) - Foundation.log(2)) / 2) < 1e-7)
        #expect(encoder.mean[5] == 2 && encoder.deviation[5] == 1 && encoder.deviation[2] == 1)
        let encoded = encoder.encode([user1], in: log)
        Self.check(encoded.numbers[0..<12], [1, 1, 0, 1, 1, 0, -1, -1, 0, -1, -1, 0], "scaled")
    }

    @Test func unknownProductsAndPaddingEncodeAsOneAndZero() throws {
        let (log, samples) = try Self.fixture()
        let user1 = try #require(samples.first { $0.user == 1 })
        let user2 = try #require(samples.first { $0.user == 2 })
        let encoder = SequenceEncoder(fittingOn: [user1], in: log, maxLength: 3)
        let encoded = encoder.encode([user2, user1], in: log)
        #expect(encoded.labels == [0, 1] && encoded.lengths == [1, 3])
        #expect(Array(encoded.categories[0..<9]) == [0, 0, 0, 0, 0, 0, 1, 1, 1])
        #expect(encoded.numbers[0..<12].allSatisfy { $0 == 0 })
    }

    @Test func encoderRoundTripsThroughJSON() throws {
        let (log, samples) = try Self.fixture()
        let encoder = SequenceEncoder(fittingOn: samples, in: log, maxLength: 8)
        let data = try JSONEncoder().encode(encoder)
        #expect(try JSONDecoder().decode(SequenceEncoder.self, from: data) == encoder)
        let settingsJSON = Data(#"{"lookbackDays": 180, "windowEnd": "2017-12-01"}"#.utf8)
        let decoded = try JSONDecoder().decode(SampleSettings.self, from: settingsJSON)
        #expect(decoded.lookbackDays == 180 && decoded.windowEnd == date("2017-12-01"))
        #expect(decoded.minEvents == 10 && decoded.splitBounds == [0.70, 0.85])
    }
}
