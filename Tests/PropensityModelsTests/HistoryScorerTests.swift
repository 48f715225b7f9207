import Foundation
import PropensityData
import PropensitySamples
import Testing

@testable import PropensityModels

@Suite struct HistoryScorerTests {
    /// Every prospect's record, written as a line and read back.
    func prospectRecords(_ small: SmallModel) throws -> [HistoryRecord] {
        var records: [HistoryRecord] = []
        try HistoryRecord.forEachProspect(
            in: small.log, target: PlantedPatternLog.target,
            lookbackDays: small.file.manifest.samples.lookbackDays, asOf: SmallModel.asOf
        ) { record in
            let line = record.jsonLine()
            let back = try HistoryRecord(jsonLine: Array(line.utf8), lineNumber: 1)
            #expect(back == record, "line round trip for user \(record.user)")
            records.append(back)
        }
        return records
    }

    /// Scores `records` in batches of `batch`.
    func score(
        _ scorer: HistoryScorer, _ records: [HistoryRecord], batch: Int
    ) throws -> [HistoryScorer.Result] {
        try stride(from: 0, to: records.count, by: batch).flatMap { start in
            try scorer.score(
                Array(records[start..<min(start + batch, records.count)]), asOf: nil)
        }
    }

    @Test func linesScoreExactlyAsBatchScoring() throws {
        let small = try SmallModel()
        let samples = try small.population
        let batch = small.file.scores(samples, in: small.log)
        let expected = Dictionary(uniqueKeysWithValues: zip(samples.map(\.user), batch))

        let records = try prospectRecords(small)
        let results = try score(HistoryScorer(modelFile: small.file), records, batch: 7)
        #expect(results.map(\.user) == records.map(\.user))
        let scored = results.filter { $0.status == .scored }
        #expect(Set(scored.map(\.user)) == Set(samples.map(\.user)))
        for result in scored {
            let score = try #require(result.score)
            #expect(score.bitPattern == expected[result.user]?.bitPattern, "user \(result.user)")
            #expect(result.probability == small.file.probability(score))
        }
    }

    @Test func eventOrderAndCatalogLookupsDoNotChangeScores() throws {
        let small = try SmallModel(users: 40)
        let records = try prospectRecords(small)
        let reference = try score(HistoryScorer(modelFile: small.file), records, batch: 64)

        // Latest events first, and given by product id only: the scorer sorts them back and
        // looks up their categories in the catalog. (Events with equal time, basket and product
        // keep their input order, as rows of a file do, so the reordering keeps theirs.)
        let stripped = records.map { record in
            var copy = record
            let latestFirst = record.events.indices.sorted { a, b in
                let ta = record.events[a].time, tb = record.events[b].time
                return ta != tb ? ta > tb : a < b
            }
            copy.events = latestFirst.map { record.events[$0] }.map { event in
                var e = event
                e.categories = nil
                return e
            }
            return copy
        }
        let scorer = HistoryScorer(modelFile: small.file, catalog: small.catalog)
        let results = try score(scorer, stripped, batch: 5)
        #expect(results.map(\.user) == reference.map(\.user))
        #expect(results.map(\.status) == reference.map(\.status))
        #expect(results.map { $0.score?.bitPattern } == reference.map { $0.score?.bitPattern })
    }

    /// A record of `count` events, one basket a week from 2017-01-02 with category `level2`.
    func record(user: Int64, count: Int, level2: String = "CAT1") -> HistoryRecord {
        let start = LocalDate(year: 2017, month: 1, day: 2).microseconds
        let week = 7 * PropensitySamples.dayMicroseconds
        return HistoryRecord(
            user: user, asOf: SmallModel.asOf,
            events: (0..<count).map { k in
                HistoryRecord.Event(
                    time: start + Int64(k) * week, basket: nil, product: nil,
                    categories: ["DEPT", k == count - 1 ? level2 : "CAT1", nil],
                    quantity: 1, amount: 2, discount: 0)
            })
    }

    @Test func unscoredRecordsSayWhy() throws {
        let small = try SmallModel(users: 10)
        let scorer = HistoryScorer(modelFile: small.file)
        var late = record(user: 4, count: 12)
        late.asOf = LocalDate(year: 2017, month: 1, day: 2)  // no purchase before it
        let results = try scorer.score([
            record(user: 1, count: 12), record(user: 2, count: 12, level2: "TARGET"),
            record(user: 3, count: 9), late, HistoryRecord(user: 5, asOf: nil, events: []),
        ], asOf: SmallModel.asOf)
        #expect(results.map(\.status)
                == [.scored, .hasTarget, .ineligible, .noHistory, .noHistory])
        #expect(results.map(\.user) == [1, 2, 3, 4, 5])
        #expect(results[0].score != nil && results[1].score == nil)
        #expect(results[2].jsonLine()
                == #"{"user":3,"score":null,"probability":null,"status":"ineligible"}"#)
    }

    @Test func productsWithoutCategoriesNeedTheCatalog() throws {
        let small = try SmallModel(users: 10)
        var r = record(user: 1, count: 12)
        r.events[0].categories = nil
        r.events[0].product = 3
        #expect(throws: ModelError.self) {
            try HistoryScorer(modelFile: small.file).score([r], asOf: nil)
        }
        // With the catalog, an unknown product is <UNKNOWN_PRODUCT>, as in batch scoring.
        r.events[0].product = 999
        let results = try HistoryScorer(modelFile: small.file, catalog: small.catalog)
            .score([r], asOf: nil)
        #expect(results[0].status == .scored)
    }

    @Test func badLinesNameTheLineEventAndKey() {
        let cases: [(String, String)] = [
            ("[1]", "not a JSON object"),
            (#"{"user":1.5,"events":[]}"#, "`user` must be an integer"),
            (#"{"user":1,"as_of":"2018-13-01","events":[]}"#, "`as_of` must be a date"),
            (#"{"user":1}"#, "`events` must be an array"),
            (#"{"user":1,"events":[{"time":"2017-01-01","quantity":1,"amount":1,"#
                + #""product":1}]}"#, "event 1: `time`"),
            (#"{"user":1,"events":[{"time":"2017-01-01T00:00:00","quantity":"1","#
                + #""amount":1,"product":1}]}"#, "event 1: `quantity` must be a number"),
            (#"{"user":1,"events":[{"time":"2017-01-01T00:00:00","quantity":1,"#
                + #""amount":1}]}"#, "give `categories` or a `product`"),
            (#"{"user":1,"events":[{"time":"2017-01-01T00:00:00","quantity":1,"#
                + #""amount":1,"categories":["A","B"]}]}"#, "`categories` must be 3"),
            (#"{"user":1,"events":[}"#, "not valid JSON"),
        ]
        for (line, message) in cases {
            do {
                _ = try HistoryRecord(jsonLine: Array(line.utf8), lineNumber: 7)
                Issue.record("accepted \(line)")
            } catch let error as ModelError {
                #expect(error.code == .badHistory)
                #expect(error.message.hasPrefix("line 7: "), "\(error.message)")
                #expect(error.message.contains(message), "\(line): \(error.message)")
            } catch {
                Issue.record("\(line): \(error)")
            }
        }
    }

    @Test func timestampsParseWithFractionsAndSpaces() {
        let base = LocalDate(year: 2017, month: 2, day: 28).microseconds
            + Int64(23 * 3600 + 59 * 60 + 58) * 1_000_000
        #expect(HistoryRecord.timestamp("2017-02-28T23:59:58") == base)
        #expect(HistoryRecord.timestamp("2017-02-28 23:59:58") == base)
        #expect(HistoryRecord.timestamp("2017-02-28T23:59:58.5") == base + 500_000)
        #expect(HistoryRecord.timestamp("2017-02-28T23:59:58.000123") == base + 123)
        for bad in ["2017-02-29T00:00:00", "2017-02-28T24:00:00", "2017-02-28T23:59:58.",
                    "2017-02-28T23:59:58.1234567", "2017-02-28", "2017/02/28T23:59:58"] {
            #expect(HistoryRecord.timestamp(bad) == nil, "\(bad)")
        }
        #expect(HistoryRecord.timestampString(base + 123) == "2017-02-28T23:59:58.000123")
        #expect(HistoryRecord.timestampString(base) == "2017-02-28T23:59:58")
    }
}
