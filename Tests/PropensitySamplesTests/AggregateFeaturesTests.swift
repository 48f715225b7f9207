import Foundation
import PropensityData
import PropensitySamples
import Testing

/// Aggregate features of a hand-made history, computed by hand.
@Suite struct AggregateFeaturesTests {
    /// User 1: a January basket, a basket of two items 15 days before the anchor day (one
    /// uncatalogued), a Wednesday basket, then the target on Friday 2017-05-05.
    /// User 2: one event exactly 30 days before its anchor day and one just inside 90 days.
    static func fixture() throws -> (log: EventLog, samples: [Sample]) {
        var log = TestLog()
        log.add(user: 1, at: "2017-01-10T12:00:00", basket: 1, product: 1, amount: 2,
                discount: 0.5)
        log.add(user: 1, at: "2017-04-20T00:00:00", basket: 2, product: 2, quantity: 2,
                amount: 3)
        log.add(user: 1, at: "2017-04-20T00:00:00", basket: 2, product: 77, amount: 1)
        log.add(user: 1, at: "2017-05-03T06:00:00", basket: 3, product: 3, amount: 4,
                discount: 1)
        log.target(user: 1, at: "2017-05-05T10:00:00")
        log.add(user: 2, at: "2017-02-04T00:00:01", basket: 4, product: 1, amount: 5)
        log.add(user: 2, at: "2017-04-05T00:00:00", basket: 5, product: 1, amount: 7)
        let eventLog = try log.eventLog()
        let day = ts("2017-05-05T00:00:00")
        let samples = [
            Sample(user: 1, anchor: ts("2017-05-05T10:00:00"), anchorDay: day, label: true,
                   history: 0..<4),
            Sample(user: 2, anchor: day, anchorDay: day, label: false, history: 5..<7),
        ]
        return (eventLog, samples)
    }

    static let features = AggregateFeatures(vocabularies: [["GROCERY"], ["MILK", "SOAP"]])

    static func expectClose(_ actual: [Double], _ expected: [Double], _ what: String) {
        #expect(actual.count == expected.count, "\(what): column count")
        let errors = zip(actual, expected).map { abs($0 - $1) }
        guard let worst = errors.indices.max(by: { errors[$0] < errors[$1] }) else { return }
        let message = "\(what): worst column \(worst) is \(actual[worst]), expected "
            + "\(expected[worst]) (tolerance 1e-12)"
        #expect(errors[worst] < 1e-12, Comment(rawValue: message))
    }

    @Test func namesListSummariesThenUnknownAndVocabularySharesPerLevel() {
        #expect(Self.features.names == [
            "recency_days", "events_30", "occasions_30", "money_30", "events_90",
            "occasions_90", "money_90", "events_all", "occasions_all", "money_all",
            "occasions_per_week", "discount_share", "l1_share:<unknown>", "l1_share:GROCERY",
            "l2_share:<unknown>", "l2_share:MILK", "l2_share:SOAP",
        ])
    }

    @Test func featuresOfAHandMadeHistoryMatchHandComputation() throws {
        let (log, samples) = try Self.fixture()
        let matrix = Self.features.matrix(samples, in: log)
        #expect(matrix.rowCount == 2 && matrix.columnCount == 17)
        #expect(matrix.labels == [1, 0])
        // Jan 10 12:00 -> May 5 00:00 is 114.5 days; the May 3 06:00 event is 1.75 days
        // before the anchor day. Only the April and May baskets (3 items, money 8) lie in
        // the last 30 and 90 days. Level 1: two GROCERY items, one uncatalogued, one
        // DRUG GM (not in the vocabulary). Level 2: MILK, BREAD (unknown), uncatalogued, SOAP.
        Self.expectClose(Array(matrix.values[0..<17]), [
            1.75, 3, 2, 8, 3, 2, 8, 4, 3, 10,
            3 / (114.5 / 7), 1.5 / 11.5,
            0.5, 0.5,
            0.5, 0.25, 0.25,
        ], "user 1")
    }

    @Test func windowsIncludeAnEventExactlyAtTheirStart() throws {
        let (log, samples) = try Self.fixture()
        let matrix = Self.features.matrix(samples, in: log)
        // Apr 5 00:00 is exactly 30 days before May 5; Feb 4 00:00:01 is one second inside
        // 90 days. Under a week of history counts as one week.
        let history = 90 - 1.0 / 86_400
        Self.expectClose(Array(matrix.values[17..<34]), [
            30, 1, 1, 7, 2, 2, 12, 2, 2, 12,
            2 / (history / 7), 0,
            0, 1,
            0, 1, 0,
        ], "user 2")
    }

    @Test func occasionsPerWeekDividesByAtLeastOneWeek() throws {
        var log = TestLog()
        log.add(user: 1, at: "2017-05-03T00:00:00", basket: 1)
        log.add(user: 1, at: "2017-05-04T00:00:00", basket: 2)
        let day = ts("2017-05-05T00:00:00")
        let sample = Sample(user: 1, anchor: day, anchorDay: day, label: false, history: 0..<2)
        let matrix = Self.features.matrix([sample], in: try log.eventLog())
        let column = try #require(matrix.names.firstIndex(of: "occasions_per_week"))
        #expect(matrix[0, column] == 2)
    }

    @Test func encoderVocabulariesOfLevelsOneAndTwoGiveTheShareColumns() throws {
        let (log, samples) = try Self.fixture()
        let encoder = SequenceEncoder(fittingOn: samples, in: log, maxLength: 8)
        let features = AggregateFeatures(encoder: encoder)
        #expect(features.vocabularies == [
            ["<UNKNOWN_PRODUCT>", "DRUG GM", "GROCERY"],
            ["<UNKNOWN_PRODUCT>", "BREAD", "MILK", "SOAP"],
        ])
        // <UNKNOWN_PRODUCT> is an ordinary value with its own column.
        let matrix = features.matrix(samples, in: log)
        let column = try #require(matrix.names.firstIndex(of: "l2_share:<UNKNOWN_PRODUCT>"))
        #expect(matrix[0, column] == 0.25)
        #expect(matrix.column(named: "l1_share:<unknown>") == [0, 0])
    }
}
