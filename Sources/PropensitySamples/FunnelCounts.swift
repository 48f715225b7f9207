/// Counts at every filtering step of building one target's samples.
///
/// `entries()` names them as the reference implementation's `counts.json` does.
public struct FunnelCounts: Hashable, Sendable, Codable {
    /// Users that exist for this protocol (with a cutoff: users with a purchase before it).
    public var usersTotal = 0
    /// Users with a target event (with a cutoff: before it).
    public var targetBuyers = 0
    /// Target buyers whose first target event is before the window: not new buyers.
    public var existingBuyersInBurnIn = 0
    /// Target buyers whose first target event is at or after the window end: dropped.
    public var firstTargetAfterWindow = 0
    public var positivesFound = 0
    public var negativesFound = 0
    /// Backtest only: negatives (no target event before the cutoff) buying it later.
    public var negativesBuyingTargetFromCutoff: Int?
    public var eligiblePositives = 0
    public var eligibleNegatives = 0
    public var ineligiblePositives = 0
    public var ineligibleNegatives = 0
    /// Per split (train, validation, test): eligible positives and negatives.
    public var positivesBeforeBalancing = [0, 0, 0]
    public var negativesBeforeBalancing = [0, 0, 0]
    /// Per split: after balancing.
    public var positives = [0, 0, 0]
    public var negatives = [0, 0, 0]
    /// Training samples after shift augmentation, and their positives.
    public var trainAugmented = 0
    public var trainAugmentedPositives = 0
    /// `shiftCopies[n - 1]`: training copies with `n` occasions deleted.
    public var shiftCopies: [Int] = []

    public init() {}

    /// Every count under its reference name (`users_total`, `train_pos`, ...), in order.
    public func entries() -> [(name: String, value: Int)] {
        var list: [(name: String, value: Int)] = [
            ("users_total", usersTotal), ("target_buyers", targetBuyers),
            ("existing_buyers_in_burn_in", existingBuyersInBurnIn),
            ("first_target_after_window", firstTargetAfterWindow),
            ("positives_found", positivesFound), ("negatives_found", negativesFound),
        ]
        if let negativesBuyingTargetFromCutoff {
            list.append(("negatives_buying_target_from_cutoff", negativesBuyingTargetFromCutoff))
        }
        list += [
            ("eligible_positives", eligiblePositives), ("eligible_negatives", eligibleNegatives),
            ("ineligible_positives", ineligiblePositives),
            ("ineligible_negatives", ineligibleNegatives),
        ]
        for (k, split) in Split.allCases.enumerated() {
            list += [
                ("\(split.rawValue)_pos_before_balancing", positivesBeforeBalancing[k]),
                ("\(split.rawValue)_neg_before_balancing", negativesBeforeBalancing[k]),
                ("\(split.rawValue)_pos", positives[k]), ("\(split.rawValue)_neg", negatives[k]),
            ]
        }
        list += [("train_augmented", trainAugmented), ("train_augmented_pos",
                                                          trainAugmentedPositives)]
        for (k, copies) in shiftCopies.enumerated() {
            list.append(("train_shift\(k + 1)_copies", copies))
        }
        return list
    }
}

/// Counts of a scored population.
public struct PopulationCounts: Hashable, Sendable, Codable {
    /// Users with a purchase before the date and no target event before it.
    public var usersNoTargetBeforeCutoff = 0
    /// Those with an eligible history.
    public var eligible = 0
    /// Eligible users with a target event in `[date, date + horizon)` (0 without a horizon).
    public var positives = 0

    public init() {}

    /// Every count under its reference name (`population_eligible`, ...), in order.
    public func entries() -> [(name: String, value: Int)] {
        [("population_users_no_target_before_cutoff", usersNoTargetBeforeCutoff),
         ("population_eligible", eligible), ("population_positives", positives)]
    }
}
