extension Target {
    /// Throws unless every value is a category at the target's level of `log`'s catalog.
    ///
    /// A misspelled value matches no event, so without this check it surfaces only later as
    /// "no user first buys the target", far from its cause. Targets read back from a saved
    /// model are not checked: new data may lack a category the training data had.
    ///
    /// - Parameter levelName: the level's column in the catalog, for the message.
    /// - Throws: `SampleError.invalidTarget` naming the unknown values with the closest known
    ///   ones (or a few examples when none is close).
    public func checkValues(in log: EventLog, levelName: String? = nil) throws {
        let known = log.levelValues[level - 1].filter {
            $0 != EventLog.unknownProduct && $0 != EventLog.missing
        }
        let knownSet = Set(known)
        let unknown = values.filter { !knownSet.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }

        let levelText = "level \(level)" + (levelName.map { " (`\($0)`)" } ?? "")
        let listed = unknown.map { "`\($0)`" }.joined(separator: ", ")
        let verb = unknown.count == 1 ? "is not a category" : "are not categories"
        var message = "target `\(name)`: \(listed) \(verb) at \(levelText) of the catalog"
        // Suggestions for the first few unknown values; a long list would bury the message.
        let suggestions = unknown.prefix(3).compactMap { value -> String? in
            let close = Self.closest(to: value, in: known)
            guard !close.isEmpty else { return nil }
            return "close to `\(value)`: " + close.map { "`\($0)`" }.joined(separator: ", ")
        }
        if !suggestions.isEmpty {
            message += "; " + suggestions.joined(separator: "; ")
        } else if known.isEmpty {
            message += ", which has no categories at that level"
        } else {
            let examples = known.sorted().prefix(5).map { "`\($0)`" }.joined(separator: ", ")
            message += "; that level has \(known.count) categories, e.g. \(examples)"
        }
        message += ". Values must match exactly (case and spaces included); fix `target.values`"
            + " or `target.level`"
        throw SampleError(.invalidTarget, message)
    }

    /// Up to five of `known` nearest to `value`, ignoring case: those containing it or
    /// contained in it first, then those a few edits away.
    static func closest(to value: String, in known: [String]) -> [String] {
        let wanted = value.uppercased()
        let limit = max(2, wanted.count / 3)
        var ranked: [(distance: Int, value: String)] = []
        for candidate in known {
            let upper = candidate.uppercased()
            let distance = upper.contains(wanted) || wanted.contains(upper)
                ? 0 : editDistance(Array(wanted), Array(upper))
            if distance <= limit { ranked.append((distance, candidate)) }
        }
        ranked.sort { ($0.distance, $0.value) < ($1.distance, $1.value) }
        return ranked.prefix(5).map(\.value)
    }

    /// Insertions, deletions and substitutions that turn `a` into `b` (Levenshtein).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
