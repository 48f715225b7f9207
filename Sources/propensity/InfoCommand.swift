import Foundation
import PropensityData
import PropensitySamples

/// `propensity info STORE`: what an event store holds.
enum InfoCommand: Command {
    static let help = """
        usage: propensity info STORE [--no-verify]

        Prints what an event store holds: users, events, time span, catalog categories per
        level, returns, duplicate lines, products missing from the catalog and rejected rows.
        Checks the store's checksum first (--no-verify skips that).
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(argv, valued: [], booleans: ["no-verify"])
        guard arguments.positionals.count == 1 else {
            throw UsageError("info needs exactly one STORE file")
        }
        let url = URL(fileURLWithPath: arguments.positionals[0])
        let store = try EventStore(contentsOf: url, verify: !arguments.flag("no-verify"))
        print(describe(store.summary(), metadata: store.metadata, file: url.lastPathComponent))
    }

    static func describe(
        _ s: EventStoreSummary, metadata: EventStoreMetadata, file: String
    ) -> String {
        func number(_ n: Int) -> String {
            let digits = String(n)
            var out = ""
            for (k, c) in digits.reversed().enumerated() {
                if k > 0 && k % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return String(out.reversed())
        }
        func time(_ t: Int64?) -> String {
            t.map { LocalDate.timestampString(microseconds: $0) } ?? "-"
        }
        var lines = [
            "store       \(file) (from \(metadata.sources.joined(separator: ", ")))",
            "users       \(number(s.users))",
            "events      \(number(s.events))",
            "time span   \(time(s.firstTime)) .. \(time(s.lastTime))",
            "products    \(number(s.products)) (\(number(s.catalogRows)) catalog rows)",
            "stores      \(number(s.stores))",
        ]
        for (level, entry) in s.categoriesPerLevel.enumerated() {
            lines.append(
                "level \(level + 1)     \(entry.name): \(number(entry.values)) categories, "
                    + "\(number(s.missingPerLevel[level])) events with it empty")
        }
        lines += [
            "returns     \(number(s.returns)) events with quantity <= 0",
            "unknown     \(number(s.unknownProductRows)) events of "
                + "\(number(s.distinctUnknownProducts)) products missing from the catalog",
            "duplicates  \(number(s.duplicateRows)) events equal to an earlier one",
            "rejected    \(number(s.rejectedRows)) input rows",
        ]
        if metadata.derivedBaskets {
            lines.append("baskets     one per user and time (no column)")
        }
        return lines.joined(separator: "\n")
    }
}
