import Foundation
import PropensityData
import PropensitySamples
import Testing

/// Samples, populations and every funnel count on the real data equal the reference
/// implementation's `shared/peers/expected` files, row for row.
@Suite(.enabled(if: RealData.available, RealData.skipReason))
struct ReferenceComparisonTests {
    static let levelNames = ["department", "product_category", "product_type"]

    static func log() throws -> EventLog {
        try RealData.eventLog.get()
    }

    static func expectedLines(_ name: String) throws -> [String] {
        let url = try #require(RealData.expectedDirectory).appendingPathComponent(name)
        return try #require(readGzipLines(url.path), "cannot read \(url.path)")
    }

    static func counts() throws -> [String: Any] {
        let url = try #require(RealData.expectedDirectory).appendingPathComponent("counts.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try #require(object as? [String: Any])
    }

    static func time(_ t: Int64) -> String { LocalDate.timestampString(microseconds: t) }

    static func historyColumns(_ sample: Sample, _ log: EventLog) -> String {
        "\(sample.history.count),\(log.occasionCount(sample.history)),"
            + "\(time(log.time[sample.history.lowerBound])),"
            + "\(time(log.time[sample.history.upperBound - 1]))"
    }

    /// The reference's samples CSV: split order, then canonical order within each.
    static func sampleLines(_ set: SampleSet, _ log: EventLog) -> [String] {
        var lines = ["user,anchor,anchor_day,label,split,shift,n_events,n_occasions,"
                     + "first_event_time,last_event_time"]
        for split in Split.allCases {
            for s in set.samples(split) {
                lines.append("\(s.user),\(time(s.anchor)),"
                             + "\(LocalDate(microseconds: s.anchorDay)),\(s.label ? 1 : 0),"
                             + "\(split.rawValue),\(s.shift),\(historyColumns(s, log))")
            }
        }
        return lines
    }

    static func populationLines(_ population: Population, _ log: EventLog) -> [String] {
        ["user,label,n_events,n_occasions,first_event_time,last_event_time"]
            + population.samples.map { s in
                "\(s.user),\(s.label ? 1 : 0),\(historyColumns(s, log))"
            }
    }

    static func expectSameLines(_ actual: [String], _ expected: [String], _ what: String) {
        #expect(actual.count == expected.count, "\(what): row count")
        let common = min(actual.count, expected.count)
        if let row = (0..<common).first(where: { actual[$0] != expected[$0] }) {
            let message = "\(what): first difference at line \(row + 1): got "
                + "`\(actual[row])`, expected `\(expected[row])`"
            Issue.record(Comment(rawValue: message))
        }
    }

    static func expectCounts(
        _ entries: [(name: String, value: Int)], _ expected: Any?, _ what: String
    ) throws {
        let reference = try #require(expected as? [String: Any], "\(what): no counts")
        let mine = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.value) })
        #expect(Set(mine.keys) == Set(reference.keys), "\(what): count names")
        for (name, value) in reference {
            #expect(mine[name] == (value as? Int), "\(what): \(name)")
        }
    }

    @Test func dataCountsEqualReference() throws {
        let log = try Self.log()
        let entries = log.counts.entries(levelNames: Self.levelNames, userNoun: "households")
        try Self.expectCounts(entries, try Self.counts()["data"], "data")
    }

    @Test(arguments: Target.reference)
    func balancedSamplesEqualReference(target: Target) throws {
        let log = try Self.log()
        let set = try SampleBuilder(log: log, target: target).balancedSampleSet()
        Self.expectSameLines(Self.sampleLines(set, log),
                             try Self.expectedLines("samples-\(target.name).csv.gz"),
                             "samples-\(target.name)")
        let counts = try #require(try Self.counts()[target.name] as? [String: Any])
        try Self.expectCounts(set.counts.entries(), counts["balanced"], "\(target.name) balanced")
    }

    @Test(arguments: Target.reference)
    func backtestSamplesAndPopulationEqualReference(target: Target) throws {
        let log = try Self.log()
        let builder = try SampleBuilder(log: log, target: target)
        let set = try builder.backtestSampleSet()
        Self.expectSameLines(Self.sampleLines(set, log),
                             try Self.expectedLines("samples-\(target.name)-backtest.csv.gz"),
                             "samples-\(target.name)-backtest")
        let population = builder.backtestPopulation()
        Self.expectSameLines(Self.populationLines(population, log),
                             try Self.expectedLines("population-\(target.name)-backtest.csv.gz"),
                             "population-\(target.name)-backtest")
        let counts = try #require(try Self.counts()[target.name] as? [String: Any])
        try Self.expectCounts(set.counts.entries() + population.counts.entries(),
                              counts["backtest"], "\(target.name) backtest")
    }

    @Test func babyEncoderMatchesReferenceVocabulariesAndScaler() throws {
        let log = try Self.log()
        let set = try SampleBuilder(log: log, target: .baby).balancedSampleSet()
        let encoder = SequenceEncoder(fittingOn: set.balancedTrain, in: log, maxLength: 256)
        let url = RealData.packageRoot
            .appendingPathComponent("Tests/PropensitySamplesTests/Fixtures")
            .appendingPathComponent("reference-encoding-baby.json")
        let fixture = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(encoder.vocabularySizes == fixture["vocabulary_sizes"] as? [Int])
        #expect(encoder.vocabularySizes == [30, 293, 1882])
        let mean = try #require(fixture["mean"] as? [Double])
        let deviation = try #require(fixture["deviation"] as? [Double])
        for c in 0..<6 {
            #expect(abs(encoder.mean[c] - mean[c]) < 1e-9, "mean of number \(c)")
            #expect(abs(encoder.deviation[c] - deviation[c]) < 1e-9, "deviation of number \(c)")
        }
        let encoded = encoder.encode(set.balancedTrain, in: log)
        #expect(encoded.lengths.reduce(0) { $0 + Int($1) } == fixture["encoded_steps"] as? Int)
    }
}
