import PropensityData
import PropensitySamples
import Testing

/// Labels, anchors, histories and eligibility on hand-made logs.
@Suite struct SampleBuilderTests {
    func eligible(_ log: TestLog, _ s: SampleSettings = settings()) throws
        -> (samples: [Sample], counts: FunnelCounts, log: EventLog)
    {
        let eventLog = try log.eventLog()
        let builder = try SampleBuilder(log: eventLog, target: TestLog.target, settings: s)
        let (samples, counts) = try builder.eligibleSamples()
        return (samples, counts, eventLog)
    }

    @Test func anchorDayIsCutFromHistory() throws {
        var log = TestLog()
        log.basket(user: 1, at: "2017-05-01T10:00:00", events: 4)
        log.basket(user: 1, at: "2017-05-10T10:00:00", events: 4)
        log.basket(user: 1, at: "2017-05-19T23:59:59", events: 4)
        log.basket(user: 1, at: "2017-05-20T00:00:00", events: 3)  // anchor's day: cut
        log.target(user: 1, at: "2017-05-20T09:30:00")
        log.basket(user: 1, at: "2017-05-20T18:00:00", events: 2)
        let (samples, _, eventLog) = try eligible(log)
        let sample = try #require(samples.first)
        #expect(sample.user == 1 && sample.label)
        #expect(sample.anchor == ts("2017-05-20T09:30:00"))
        #expect(sample.anchorDay == ts("2017-05-20T00:00:00"))
        #expect(sample.history.count == 12)
        #expect(eventLog.time[sample.history.upperBound - 1] == ts("2017-05-19T23:59:59"))
        #expect(eventLog.occasionCount(sample.history) == 3)
    }

    @Test func historyStartsExactlyLookbackDaysBeforeAnchorDay() throws {
        var log = TestLog()
        // 2016-06-01 is exactly 365 days before 2017-06-01.
        log.basket(user: 1, at: "2016-05-31T23:59:59", events: 1)
        log.basket(user: 1, at: "2016-06-01T00:00:00", events: 4)
        log.basket(user: 1, at: "2017-01-10T10:00:00", events: 4)
        log.basket(user: 1, at: "2017-05-10T10:00:00", events: 4)
        log.target(user: 1, at: "2017-06-01T12:00:00")
        let (samples, _, eventLog) = try eligible(log)
        let sample = try #require(samples.first)
        #expect(sample.history.count == 12)
        #expect(eventLog.time[sample.history.lowerBound] == ts("2016-06-01T00:00:00"))

        let shorter = try eligible(log, settings {
            $0.lookbackDays = 364
            $0.minEvents = 8
            $0.minOccasions = 2
        })
        #expect(shorter.samples.first?.history.count == 8)
    }

    @Test func burnInBuyersAreNeitherPositiveNorNegative() throws {
        var log = TestLog()
        for user: Int64 in [1, 2] {
            for day in 1...4 { log.basket(user: user, at: "2017-0\(day)-02T10:00:00", events: 4) }
        }
        log.target(user: 1, at: "2017-03-31T23:59:59")  // burn-in
        log.target(user: 1, at: "2017-06-01T10:00:00")
        log.target(user: 2, at: "2017-04-01T00:00:00")  // first moment of the window
        let (samples, counts, _) = try eligible(log)
        #expect(samples.map(\.user) == [2])
        #expect(counts.targetBuyers == 2)
        #expect(counts.existingBuyersInBurnIn == 1)
        #expect(counts.positivesFound == 1 && counts.negativesFound == 0)
    }

    @Test func firstTargetAfterWindowIsDroppedAndCounted() throws {
        var log = TestLog()
        for user: Int64 in [1, 2, 3] {
            for day in 1...4 { log.basket(user: user, at: "2017-0\(day)-02T10:00:00", events: 4) }
        }
        log.target(user: 1, at: "2017-08-31T23:59:59")
        log.target(user: 2, at: "2017-09-01T00:00:00")  // at the window end: after it
        let (samples, counts, _) = try eligible(log, settings {
            $0.windowEnd = date("2017-09-01")
        })
        #expect(samples.map(\.user) == [1, 3])
        #expect(samples.map(\.label) == [true, false])
        #expect(counts.firstTargetAfterWindow == 1)
        #expect(counts.positivesFound == 1 && counts.negativesFound == 1)
        #expect(counts.usersTotal == 3 && counts.targetBuyers == 2)
    }

    @Test func negativesDrawAnchorsFromSortedPositiveAnchors() throws {
        var log = TestLog()
        let positives: [(Int64, String)] = [
            (1, "2017-08-03T10:00:00"), (2, "2017-05-07T08:00:00"), (3, "2017-06-11T19:00:00"),
        ]
        for user: Int64 in 1...12 {
            for day in 1...4 { log.basket(user: user, at: "2017-0\(day)-02T10:00:00", events: 4) }
        }
        for (user, time) in positives { log.target(user: user, at: time) }
        let (samples, counts, _) = try eligible(log)
        #expect(counts.negativesFound == 9 && counts.eligibleNegatives == 9)
        let anchors = positives.map { ts($0.1) }.sorted()
        for sample in samples where !sample.label {
            let k = SampleKey.key(seed: 43, user: sample.user) % 3
            #expect(sample.anchor == anchors[Int(k)])
            #expect(sample.anchorDay == date(LocalDate(microseconds: sample.anchor).description)
                .microseconds)
        }
        // Several draws land on different anchors (the keys of users 4...12 vary).
        #expect(Set(samples.filter { !$0.label }.map(\.anchor)).count > 1)
    }

    @Test func eligibilityNeedsMinEventsAndMinOccasions() throws {
        var log = TestLog()
        // user 1: 9 events in 3 occasions; user 2: 10 events in 2; user 3: 10 events in 3.
        log.basket(user: 1, at: "2017-01-05T10:00:00", events: 3)
        log.basket(user: 1, at: "2017-02-05T10:00:00", events: 3)
        log.basket(user: 1, at: "2017-03-05T10:00:00", events: 3)
        log.basket(user: 2, at: "2017-01-05T10:00:00", events: 5)
        log.basket(user: 2, at: "2017-02-05T10:00:00", events: 5)
        log.basket(user: 3, at: "2017-01-05T10:00:00", events: 4)
        log.basket(user: 3, at: "2017-02-05T10:00:00", events: 3)
        log.basket(user: 3, at: "2017-03-05T10:00:00", events: 3)
        for user: Int64 in 1...3 { log.target(user: user, at: "2017-05-05T10:00:00") }
        let (samples, counts, _) = try eligible(log)
        #expect(samples.map(\.user) == [3])
        #expect(counts.eligiblePositives == 1 && counts.ineligiblePositives == 2)

        let relaxed = try eligible(log, settings { $0.minEvents = 9; $0.minOccasions = 2 })
        #expect(relaxed.samples.map(\.user) == [1, 2, 3])
    }

    @Test func occasionsAreBasketsNotTimestamps() throws {
        var log = TestLog()
        // Two baskets at the same second are two occasions; one basket is one.
        log.add(user: 1, at: "2017-01-05T10:00:00", basket: 1)
        log.add(user: 1, at: "2017-01-05T10:00:00", basket: 2)
        log.add(user: 1, at: "2017-01-06T10:00:00", basket: 3, product: 2)
        log.add(user: 1, at: "2017-01-06T10:00:00", basket: 3)
        let eventLog = try log.eventLog()
        #expect(eventLog.occasionCount(0..<4) == 3)
        #expect(eventLog.occasionCount(3..<4) == 1)
        #expect(eventLog.occasionStarts == [0, 1, 2])
    }

    @Test func noPositivesThrows() throws {
        var log = TestLog()
        log.basket(user: 1, at: "2017-01-05T10:00:00", events: 12)
        let builder = try SampleBuilder(log: try log.eventLog(), target: TestLog.target)
        #expect(throws: SampleError.self) { try builder.balancedSampleSet() }
    }

    /// A new buyer too thin to be eligible leaves every split empty: the set says which
    /// splits and why, instead of training crashing on nothing.
    @Test func emptySplitsAreNamedWithTheirFunnel() throws {
        var log = TestLog()
        log.basket(user: 1, at: "2017-01-05T10:00:00", events: 3)  // 3 events, 1 occasion
        log.target(user: 1, at: "2017-05-05T10:00:00")
        let set = try SampleBuilder(log: try log.eventLog(), target: TestLog.target)
            .balancedSampleSet()
        #expect(set.counts.positivesFound == 1 && set.counts.ineligiblePositives == 1)
        #expect(throws: Never.self) { try set.requireSamples(in: [], protocol: "p") }
        do {
            try set.requireSamples(in: [.train, .test], protocol: "balanced test")
            Issue.record("empty splits passed")
        } catch let error as SampleError {
            #expect(error.code == .tooFewSamples)
            #expect(error.message.hasPrefix(
                "balanced test: no samples in the train, test splits, too few to train"))
            #expect(error.message.contains("new buyers of `test` in the window: 1;"))
            #expect(error.message.contains("after balancing: 0/0/0"))
        }
    }
}

@Suite struct EventLogTests {
    @Test func keepsPurchasesSortedAndCountsWhatItFilledIn() throws {
        var log = TestLog()
        log.add(user: 2, at: "2017-01-05T10:00:00", basket: 9, product: 2)
        log.add(user: 1, at: "2017-01-06T10:00:00", basket: 7, product: 3)
        log.add(user: 1, at: "2017-01-05T10:00:00", basket: 8, product: 77)
        log.add(user: 1, at: "2017-01-05T10:00:00", basket: 8, product: 1)
        log.add(user: 1, at: "2017-01-05T10:00:00", basket: 8, product: 77)
        log.add(user: 3, at: "2017-01-05T10:00:00", basket: 6, product: 1, quantity: 0)
        log.add(user: 1, at: "2017-01-07T10:00:00", basket: 5, product: 88, quantity: -1)
        let eventLog = try log.eventLog()
        #expect(eventLog.user == [1, 1, 1, 1, 2])
        #expect(eventLog.product == [1, 77, 77, 3, 2])
        #expect(eventLog.users == [1, 2] && eventLog.userStarts == [0, 4, 5])
        let level3 = eventLog.categories[2].map { eventLog.levelValues[2][Int($0)] }
        #expect(level3 == ["WHOLE MILK", "<UNKNOWN_PRODUCT>", "<UNKNOWN_PRODUCT>",
                           "<MISSING>", "WHITE BREAD"])
        let c = eventLog.counts
        #expect(c.rowsTotal == 7 && c.usersTotal == 3 && c.rowsNonpositiveQuantity == 2)
        #expect(c.purchaseRows == 5 && c.purchaseRowsUnknownProduct == 2)
        #expect(c.distinctUnknownProducts == 1 && c.purchaseRowsMissing == [0, 0, 1])
        #expect(c.usersWithPurchases == 2)
        let names = c.entries(levelNames: ["department", "product_category", "product_type"],
                              userNoun: "households").map(\.name)
        #expect(names[1] == "households_total" && names[8] == "purchase_rows_missing_product_type")
    }

    @Test func duplicateCatalogProductThrows() {
        let catalog = Catalog(product: [1, 1], levels: [["A", "B"], ["C", "D"], ["E", "F"]])
        #expect(throws: SampleError.self) {
            try EventLog(transactions: TestLog().table, catalog: catalog)
        }
    }
}
