import PropensityData
import PropensitySamples
import Testing

/// Split, balancing, shift augmentation and the backtest on a synthetic log of 90 users.
@Suite struct SampleSetTests {
    /// User `u` has `4 + (u / 3) % 3` baskets of 3 events in January to March; every third
    /// user first buys the target in June.
    static func syntheticLog() -> TestLog {
        var log = TestLog()
        for user: Int64 in 1...90 {
            for b in 0..<baskets(user) {
                let day = 1 + Int(user + Int64(b) * 7) % 27
                let text = "2017-0\(1 + b % 3)-\(day < 10 ? "0" : "")\(day)T1\(b):00:00"
                log.basket(user: user, at: text, events: 3)
            }
            if user % 3 == 0 {
                let day = 1 + Int(user) % 28
                log.target(user: user, at: "2017-06-\(day < 10 ? "0" : "")\(day)T09:00:00")
            }
        }
        return log
    }

    static func baskets(_ user: Int64) -> Int { 4 + Int(user / 3) % 3 }

    static func build() throws -> (SampleBuilder, SampleSet) {
        let builder = try SampleBuilder(log: try syntheticLog().eventLog(), target: TestLog.target)
        return (builder, try builder.balancedSampleSet())
    }

    static func splitOf(_ user: Int64) -> Split {
        let u = SampleKey.unit(seed: 42, user: user)
        return u < 0.70 ? .train : u < 0.85 ? .validation : .test
    }

    @Test func splitFollowsUserKey() throws {
        let (_, set) = try Self.build()
        for split in Split.allCases {
            let samples = split == .train ? set.balancedTrain : set.samples(split)
            #expect(!samples.isEmpty)
            for sample in samples { #expect(Self.splitOf(sample.user) == split) }
        }
        let eligible = set.counts.eligiblePositives + set.counts.eligibleNegatives
        let beforeBalancing = set.counts.positivesBeforeBalancing.reduce(0, +)
            + set.counts.negativesBeforeBalancing.reduce(0, +)
        #expect(eligible == 90 && beforeBalancing == 90)
    }

    @Test func balancingKeepsSmallestKeysOfLargerClass() throws {
        let (builder, set) = try Self.build()
        let eligible = try builder.eligibleSamples().samples
        for (k, split) in Split.allCases.enumerated() {
            let members = eligible.filter { Self.splitOf($0.user) == split }
            let positives = members.filter(\.label).map(\.user)
            let negatives = members.filter { !$0.label }.map(\.user)
            // Every third user is positive: negatives are the larger class in every split here.
            #expect(negatives.count > positives.count)
            let kept = negatives.sorted {
                (SampleKey.key(seed: 44, user: $0), $0) < (SampleKey.key(seed: 44, user: $1), $1)
            }.prefix(positives.count)
            let balanced = split == .train ? set.balancedTrain : set.samples(split)
            #expect(balanced.filter(\.label).map(\.user) == positives)
            #expect(balanced.filter { !$0.label }.map(\.user) == kept.sorted())
            #expect(set.counts.positives[k] == positives.count)
            #expect(set.counts.negatives[k] == positives.count)
            #expect(set.counts.negativesBeforeBalancing[k] == negatives.count)
        }
    }

    @Test func balancingRatioKeepsRoundedShare() throws {
        let builder = try SampleBuilder(
            log: try Self.syntheticLog().eventLog(), target: TestLog.target,
            settings: settings { $0.negativeRatio = 1.5 })
        let set = try builder.balancedSampleSet()
        for k in 0..<3 {
            let p = set.counts.positives[k], n = set.counts.negatives[k]
            #expect(n == Int((1.5 * Double(p)).rounded(.toNearestOrEven)))
        }
    }

    @Test func shiftCopiesDropLatestOccasionsOnTrainOnly() throws {
        let (builder, set) = try Self.build()
        let log = builder.log
        #expect(set.validation.allSatisfy { $0.shift == 0 })
        #expect(set.test.allSatisfy { $0.shift == 0 })
        #expect(set.train.filter { $0.shift == 0 } == set.balancedTrain)
        var expectedCopies = [0, 0, 0]
        for original in set.balancedTrain {
            let occasions = log.occasionCount(original.history)
            #expect(occasions == Self.baskets(original.user))
            let copies = set.train.filter { $0.user == original.user && $0.shift > 0 }
            // 3 events per basket: a copy stays eligible (10 events) with 4 baskets left.
            let eligibleShifts = (1...3).filter { occasions - $0 >= 4 }
            #expect(copies.map(\.shift) == eligibleShifts)
            for n in eligibleShifts { expectedCopies[n - 1] += 1 }
            for copy in copies {
                #expect(copy.anchor == original.anchor && copy.anchorDay == original.anchorDay)
                #expect(copy.label == original.label)
                #expect(copy.history.lowerBound == original.history.lowerBound)
                #expect(log.occasionCount(copy.history) == occasions - copy.shift)
                #expect(copy.history.count == original.history.count - 3 * copy.shift)
            }
        }
        #expect(expectedCopies.reduce(0, +) > 0)
        #expect(set.counts.shiftCopies == expectedCopies)
        #expect(set.counts.trainAugmented == set.train.count)
        #expect(set.train == set.train.sorted(by: Sample.canonicalOrder))
    }

    @Test func backtestUsesOnlyEventsBeforeCutoff() throws {
        var log = Self.syntheticLog()
        log.target(user: 1, at: "2017-07-10T10:00:00")    // after T: still a negative
        log.target(user: 2, at: "2017-08-20T10:00:00")    // after T + H
        log.basket(user: 500, at: "2017-07-05T10:00:00", events: 12)  // no event before T
        let builder = try SampleBuilder(log: try log.eventLog(), target: TestLog.target)
        let set = try builder.backtestSampleSet(cutoff: date("2017-06-15"))
        let c = set.counts
        #expect(c.usersTotal == 90)
        // Targets on June 1...14 (day = 1 + u % 28) come before the cutoff.
        let early = (1...90).filter { $0 % 3 == 0 && 1 + $0 % 28 < 15 }.count
        #expect(c.positivesFound == early)
        #expect(c.negativesFound == 90 - early)
        #expect(c.negativesBuyingTargetFromCutoff == 30 - early + 2)
        let all = set.train + set.validation + set.test
        #expect(all.allSatisfy { $0.anchor < date("2017-06-15").microseconds })

        let population = builder.backtestPopulation(cutoff: date("2017-06-15"), horizonDays: 30)
        #expect(population.counts.usersNoTargetBeforeCutoff == 90 - early)
        #expect(population.counts.eligible == 90 - early)
        let positives = population.samples.filter(\.label).map(\.user)
        let lateTargets = (1...90).filter { $0 % 3 == 0 && 1 + $0 % 28 >= 15 }.map(Int64.init)
        #expect(positives == ([1] + lateTargets).sorted())
        #expect(population.counts.positives == positives.count)
        for sample in population.samples {
            #expect(sample.anchorDay == date("2017-06-15").microseconds)
            #expect(builder.log.time[sample.history.upperBound - 1] < sample.anchorDay)
        }
        let scoring = builder.population(asOf: date("2017-06-15"))
        #expect(scoring.samples.map(\.user).sorted() == population.samples.map(\.user).sorted())
        #expect(scoring.samples.allSatisfy { !$0.label })
    }
}
