import Foundation
import PropensityData
import PropensitySamples
import Testing

/// Aggregate features of real baby samples equal the reference implementation's
/// (`Fixtures/reference-aggregates-baby.json`, written by `Fixtures/reference_aggregates.py`).
@Suite(.enabled(if: RealData.available, RealData.skipReason))
struct AggregateReferenceTests {
    @Test func babyAggregatesMatchReference() throws {
        let log = try RealData.eventLog.get()
        let set = try SampleBuilder(log: log, target: .baby).balancedSampleSet()
        let encoder = SequenceEncoder(fittingOn: set.balancedTrain, in: log, maxLength: 256)
        let features = AggregateFeatures(encoder: encoder)
        let url = RealData.packageRoot
            .appendingPathComponent("Tests/PropensitySamplesTests/Fixtures")
            .appendingPathComponent("reference-aggregates-baby.json")
        let fixture = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(features.names == fixture["names"] as? [String])
        let rows = try #require(fixture["rows"] as? [[String: Any]])
        #expect(rows.count == 25)
        for row in rows {
            let split = try #require(row["split"] as? String)
            let index = try #require(row["index"] as? Int)
            let sample = (split == "test" ? set.test : set.train)[index]
            #expect(sample.user == Int64(try #require(row["user"] as? Int)))
            #expect(sample.shift == row["shift"] as? Int)
            let expected = try #require(row["values"] as? [Double])
            let actual = features.matrix([sample], in: log).values
            #expect(actual.count == expected.count)
            // Sums of money may differ in the last bits (the reference sums pairwise).
            let errors = zip(actual, expected).map { abs($0 - $1) / max(1, abs($1)) }
            let worst = errors.indices.max { errors[$0] < errors[$1] } ?? 0
            #expect(errors[worst] < 1e-12, """
                \(split) row \(index) (user \(sample.user)): worst column \
                \(features.names[worst]) is \(actual[worst]), expected \(expected[worst]) \
                (relative tolerance 1e-12)
                """)
        }
    }
}
