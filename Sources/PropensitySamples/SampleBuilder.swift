/// Builds one target's samples from an `EventLog` as METHOD.md states: labels, anchors,
/// histories, eligibility, the hashed split, balancing and shift augmentation.
///
/// With data seed `S`: the split is `key(S, u) / 2^64` against `splitBounds`, a negative's
/// anchor is `A[key(S+1, u) mod count(A)]` (A: every positive's anchor, ascending) and
/// balancing keeps the smallest `key(S+2, u)` of the larger class (ties by user).
public struct SampleBuilder: Sendable {
    public let log: EventLog
    public let target: Target
    public let settings: SampleSettings
    /// `isTargetID[id]`: category id `id` at the target's level is one of its values.
    let isTargetID: [Bool]
    static let none = Int64.max

    /// - Throws: `SampleError` for invalid settings or target.
    public init(log: EventLog, target: Target, settings: SampleSettings = SampleSettings())
        throws
    {
        try settings.validate()
        try target.validate()
        self.log = log
        self.target = target
        self.settings = settings
        isTargetID = log.levelValues[target.level - 1].map { target.values.contains($0) }
    }

    // MARK: - Protocols

    /// The balanced-test protocol's samples from all events.
    ///
    /// - Throws: `SampleError.noPositives` when no user first buys the target in the window.
    public func balancedSampleSet() throws -> SampleSet {
        try sampleSet(cutoff: nil)
    }

    /// The forward backtest's training samples, built from the events before `cutoff` only
    /// (default: `settings.backtestCutoff`).
    ///
    /// Users are those with a purchase before the cutoff; positives are anchored in
    /// `[windowStart, min(windowEnd, cutoff))`; negatives have no target event before it.
    /// - Throws: `SampleError.noPositives` when no user first buys the target in that range.
    public func backtestSampleSet(cutoff: LocalDate? = nil) throws -> SampleSet {
        try sampleSet(cutoff: (cutoff ?? settings.backtestCutoff).microseconds)
    }

    /// Labels, anchors and histories of every user, then eligibility: the eligible samples
    /// in canonical order, before the split, with the counts up to that step.
    ///
    /// - Parameter cutoff: when given, only events before it exist (forward backtest).
    /// - Throws: `SampleError.noPositives` when no user first buys the target in the window.
    public func eligibleSamples(before cutoff: LocalDate? = nil) throws
        -> (samples: [Sample], counts: FunnelCounts)
    {
        try eligibleSamples(cutoff: cutoff?.microseconds)
    }

    /// The forward backtest's scored population at `cutoff` with labels over `horizonDays`
    /// (defaults: `settings.backtestCutoff`, `settings.horizonDays`).
    public func backtestPopulation(cutoff: LocalDate? = nil, horizonDays: Int? = nil)
        -> Population
    {
        population(asOf: cutoff ?? settings.backtestCutoff,
                   horizonDays: horizonDays ?? settings.horizonDays)
    }

    /// Every eligible user with a purchase before `date` and no target event before it, with
    /// the history ending at `date`; the users a ranked target list scores.
    ///
    /// - Parameter horizonDays: when given, the label is a target event in
    ///   `[date, date + horizonDays)`; otherwise every label is false.
    public func population(asOf date: LocalDate, horizonDays: Int? = nil) -> Population {
        let day = date.microseconds
        let first = firstTargetTimes(before: nil)
        let horizonEnd = horizonDays.map { day + Int64($0) * PropensitySamples.dayMicroseconds }
        var counts = PopulationCounts()
        var samples: [Sample] = []
        for k in log.users.indices {
            let events = log.events(ofUserAt: k)
            guard log.time[events.lowerBound] < day, first[k] >= day else { continue }
            counts.usersNoTargetBeforeCutoff += 1
            let label = horizonEnd.map { first[k] < $0 } ?? false
            let sample = Sample(user: log.users[k], anchor: day, anchorDay: day, label: label,
                                history: history(events, day: day))
            guard isEligible(sample.history) else { continue }
            counts.eligible += 1
            if label { counts.positives += 1 }
            samples.append(sample)
        }
        samples.sort(by: Sample.canonicalOrder)
        return Population(target: target, date: day, horizonDays: horizonDays,
                          samples: samples, counts: counts)
    }

    // MARK: - Steps

    /// Per user (index into `log.users`): time of the first target event before `cutoff`
    /// (all events when nil), or `Int64.max` when there is none.
    func firstTargetTimes(before cutoff: Int64?) -> [Int64] {
        let ids = log.categories[target.level - 1]
        let end = cutoff ?? Self.none
        var first = [Int64](repeating: Self.none, count: log.users.count)
        for k in log.users.indices {
            // Events are sorted by time within a user: the first hit is the earliest.
            for i in log.events(ofUserAt: k) {
                if log.time[i] >= end { break }
                if isTargetID[Int(ids[i])] {
                    first[k] = log.time[i]
                    break
                }
            }
        }
        return first
    }

    /// The user's events in `[day - lookbackDays, day)`.
    func history(_ events: Range<Int>, day: Int64) -> Range<Int> {
        let lookback = Int64(settings.lookbackDays) * PropensitySamples.dayMicroseconds
        let start = log.firstEvent(atOrAfter: day - lookback, in: events)
        return start..<log.firstEvent(atOrAfter: day, in: start..<events.upperBound)
    }

    func isEligible(_ history: Range<Int>) -> Bool {
        history.count >= settings.minEvents
            && log.occasionCount(history) >= settings.minOccasions
    }

    /// Midnight starting the date of `time`.
    static func dayStart(_ time: Int64) -> Int64 {
        LocalDate.floorDiv(time, PropensitySamples.dayMicroseconds)
            * PropensitySamples.dayMicroseconds
    }

    /// `eligibleSamples(before:)` with the cutoff in microseconds.
    func eligibleSamples(cutoff: Int64?) throws -> (samples: [Sample], counts: FunnelCounts) {
        var counts = FunnelCounts()
        let windowStart = settings.windowStart.microseconds
        var windowEnd = settings.windowEnd.microseconds
        if let cutoff { windowEnd = min(windowEnd, cutoff) }
        let first = firstTargetTimes(before: cutoff)

        // Labels: positives first buy in the window, negatives never (before the cutoff).
        var positives: [Int] = []
        var negatives: [Int] = []
        for k in log.users.indices {
            if let cutoff, log.time[log.userStarts[k]] >= cutoff { continue }
            counts.usersTotal += 1
            let t = first[k]
            if t == Self.none {
                negatives.append(k)
                continue
            }
            counts.targetBuyers += 1
            if t < windowStart {
                counts.existingBuyersInBurnIn += 1
            } else if t >= windowEnd {
                counts.firstTargetAfterWindow += 1
            } else {
                positives.append(k)
            }
        }
        counts.positivesFound = positives.count
        counts.negativesFound = negatives.count
        if cutoff != nil {
            let ever = firstTargetTimes(before: nil)
            counts.negativesBuyingTargetFromCutoff = negatives.count { ever[$0] != Self.none }
        }
        guard !positives.isEmpty else {
            throw SampleError(.noPositives, "no user first buys target `\(target.name)` in "
                              + "[\(settings.windowStart), \(LocalDate(microseconds: windowEnd)))"
                              + "; check the target's values and level, or widen the window")
        }

        // Anchors and histories; negatives draw a positive's anchor.
        let anchors = positives.map { first[$0] }.sorted()
        var eligible: [Sample] = []
        for (users, label) in [(positives, true), (negatives, false)] {
            for k in users {
                let user = log.users[k]
                let anchor = label ? first[k] : anchors[Int(
                    SampleKey.key(seed: settings.dataSeed + 1, user: user)
                        % UInt64(anchors.count))]
                let day = Self.dayStart(anchor)
                let sample = Sample(user: user, anchor: anchor, anchorDay: day, label: label,
                                    history: history(log.events(ofUserAt: k), day: day))
                let isEligible = isEligible(sample.history)
                switch (isEligible, label) {
                case (true, true): counts.eligiblePositives += 1
                case (true, false): counts.eligibleNegatives += 1
                case (false, true): counts.ineligiblePositives += 1
                case (false, false): counts.ineligibleNegatives += 1
                }
                if isEligible { eligible.append(sample) }
            }
        }
        return (eligible.sorted(by: Sample.canonicalOrder), counts)
    }

    /// Eligible samples -> split -> balanced splits -> shift-augmented training split.
    func sampleSet(cutoff: Int64?) throws -> SampleSet {
        let eligible = try eligibleSamples(cutoff: cutoff)
        var counts = eligible.counts

        // The user-level split.
        var splits = [[Sample]](repeating: [], count: Split.allCases.count)
        for sample in eligible.samples { splits[splitIndex(of: sample.user)].append(sample) }

        // Balancing per split.
        for k in splits.indices {
            counts.positivesBeforeBalancing[k] = splits[k].count { $0.label }
            counts.negativesBeforeBalancing[k] = splits[k].count { !$0.label }
            splits[k] = balance(splits[k])
            counts.positives[k] = splits[k].count { $0.label }
            counts.negatives[k] = splits[k].count { !$0.label }
        }

        let train = augment(splits[0])
        counts.trainAugmented = train.count
        counts.trainAugmentedPositives = train.count { $0.label }
        counts.shiftCopies = (0..<settings.maxShift).map { n in
            train.count { $0.shift == n + 1 }
        }
        return SampleSet(target: target, cutoff: cutoff, train: train, balancedTrain: splits[0],
                         validation: splits[1], test: splits[2], counts: counts)
    }

    /// 0 train, 1 validation, 2 test, by `key(S, u) / 2^64`.
    func splitIndex(of user: Int64) -> Int {
        let u = SampleKey.unit(seed: settings.dataSeed, user: user)
        return u < settings.splitBounds[0] ? 0 : u < settings.splitBounds[1] ? 1 : 2
    }

    /// Downsamples the larger class to `negativeRatio` negatives per positive, keeping the
    /// smallest `key(S+2, u)` (ties by user); returns canonical order.
    ///
    /// Counts round half to even: `round(ratio × positives)` negatives or
    /// `round(negatives / ratio)` positives.
    func balance(_ samples: [Sample]) -> [Sample] {
        var positives = samples.filter { $0.label }
        var negatives = samples.filter { !$0.label }
        let ratio = settings.negativeRatio
        func keepSmallest(_ list: inout [Sample], _ keep: Double) {
            let seed = settings.dataSeed + 2
            let keyed = list.map { (key: SampleKey.key(seed: seed, user: $0.user), sample: $0) }
                .sorted { ($0.key, $0.sample.user) < ($1.key, $1.sample.user) }
            list = keyed.prefix(Int(keep.rounded(.toNearestOrEven))).map(\.sample)
        }
        if Double(negatives.count) > ratio * Double(positives.count) {
            keepSmallest(&negatives, ratio * Double(positives.count))
        } else {
            keepSmallest(&positives, Double(negatives.count) / ratio)
        }
        return (positives + negatives).sorted(by: Sample.canonicalOrder)
    }

    /// Adds, for each sample, the copies with its latest 1...maxShift occasions deleted that
    /// stay eligible; returns canonical order.
    func augment(_ samples: [Sample]) -> [Sample] {
        var out = samples
        let starts = log.occasionStarts
        for sample in samples {
            // Occasions opened before the history's end; the n-th latest opens at j - n.
            let j = lowerBound(starts, sample.history.upperBound, in: 0..<starts.count)
            for n in stride(from: 1, through: settings.maxShift, by: 1) {
                let end = max(j - n >= 0 ? starts[j - n] : 0, sample.history.lowerBound)
                var copy = sample
                copy.history = sample.history.lowerBound..<end
                copy.shift = n
                if isEligible(copy.history) { out.append(copy) }
            }
        }
        return out.sorted(by: Sample.canonicalOrder)
    }
}
