import Foundation
import PropensityEvaluation

/// The Markdown summary of `propensity experiment`: the records of `metrics.json` grouped by
/// target, model and protocol, each metric as its mean ± sd over seeds (and, for the rolling
/// backtest, over cutoffs too), so that one seed's luck is not read as a model's quality.
enum ExperimentSummary {
    typealias Record = [String: Any]

    /// The whole document: a header with `preamble` lines, then one table per protocol.
    static func markdown(_ records: [Record], preamble: [String]) -> String {
        var parts = ["# Experiment", preamble.joined(separator: "\n")]
        parts.append(balancedTable(records))
        parts.append(backtestTable(records))
        parts.append(rollingSpreadTable(records))
        parts.append(rollingByCutoffTable(records, metric: "pr_auc", title: "PR AUC"))
        parts.append(rollingByCutoffTable(
            records, metric: "lift_top_decile", title: "lift of the top decile"))
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
    }

    /// The JSON objects of `metrics.json` (nested ranking metrics lifted to the top level).
    static func objects(_ records: [any Encodable]) throws -> [Record] {
        let text = try RunOutputs.json(records)
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Record] ?? []
    }

    static func string(_ record: Record, _ key: String) -> String {
        record[key] as? String ?? ""
    }

    static func number(_ record: Record, _ key: String) -> Double {
        (record[key] as? Double) ?? (record[key] as? Int).map(Double.init) ?? .nan
    }

    /// `0.612 ± 0.021`; a lone value without the ±; "–" when nothing is finite.
    static func cell(_ values: [Double], digits: Int = 3) -> String {
        let s = Spread(values)
        guard s.count > 0 else { return "–" }
        let mean = String(format: "%.\(digits)f", s.mean)
        return s.count > 1 ? "\(mean) ± \(String(format: "%.\(digits)f", s.sd))" : mean
    }

    /// Groups in first-seen order, keyed by the values of `keys`.
    static func groups(_ records: [Record], by keys: [String]) -> [(key: [String], items: [Record])]
    {
        var order: [[String]] = []
        var items: [[String]: [Record]] = [:]
        for record in records {
            let key = keys.map { string(record, $0) }
            if items[key] == nil { order.append(key) }
            items[key, default: []].append(record)
        }
        return order.map { ($0, items[$0]!) }
    }

    static func seeds(_ items: [Record]) -> String {
        let values = Set(items.compactMap { $0["seed"] as? Int }).sorted()
        return values.map(String.init).joined(separator: ",")
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let head = "| " + header.joined(separator: " | ") + " |"
        let rule = "|" + header.enumerated().map { k, _ in k < 2 ? "---|" : "---:|" }.joined()
        return ([head, rule] + rows.map { "| " + $0.joined(separator: " | ") + " |" })
            .joined(separator: "\n")
    }

    static func balancedTable(_ records: [Record]) -> String {
        let balanced = records.filter { string($0, "protocol") == "balanced-test" }
        guard !balanced.isEmpty else { return "" }
        let metrics = ["roc_auc", "pr_auc", "precision", "recall", "f1"]
        let rows = groups(balanced, by: ["target", "model"]).map { group in
            group.key + [seeds(group.items)]
                + metrics.map { m in cell(group.items.map { number($0, m) }) }
                + [String(format: "%.1f", Spread(group.items.map {
                    number($0, "train_seconds")
                }).mean)]
        }
        return "## Balanced test (1:1; mean ± sd over seeds)\n\n"
            + table(["target", "model", "seeds", "ROC AUC", "PR AUC", "precision", "recall",
                     "F1", "train s"], rows)
    }

    static let rankingColumns: [(key: String, title: String)] = [
        ("pr_auc", "PR AUC"), ("roc_auc", "ROC AUC"), ("precision_top1", "P@1%"),
        ("precision_top5", "P@5%"), ("precision_top10", "P@10%"), ("recall_top10", "R@10%"),
        ("lift_top_decile", "lift@10%"),
    ]

    static func backtestTable(_ records: [Record]) -> String {
        let backtest = records.filter { string($0, "protocol") == "backtest" }
        guard !backtest.isEmpty else { return "" }
        let rows = groups(backtest, by: ["target", "model", "cutoff"]).map { group in
            let first = group.items[0]
            return group.key + [
                "\(Int(number(first, "positives"))) / \(Int(number(first, "users")))",
                seeds(group.items),
            ]
                + rankingColumns.map { c in cell(group.items.map { number($0, c.key) }) }
                + [cell(group.items.map { number($0, "brier_before") }, digits: 4),
                   cell(group.items.map { number($0, "brier_after") }, digits: 4)]
        }
        return "## Forward backtest (natural base rate; mean ± sd over seeds)\n\n"
            + table(["target", "model", "cutoff", "buyers / users", "seeds"]
                        + rankingColumns.map(\.title) + ["Brier raw", "Brier calibrated"], rows)
    }

    static func rollingSpreadTable(_ records: [Record]) -> String {
        let rolling = records.filter { string($0, "protocol") == "rolling-backtest" }
        guard !rolling.isEmpty else { return "" }
        let columns = [("pr_auc", "PR AUC"), ("roc_auc", "ROC AUC"), ("precision_top10", "P@10%"),
                       ("lift_top_decile", "lift@10%"), ("base_rate", "base rate")]
        let rows = groups(rolling, by: ["target", "model"]).map { group in
            let cutoffs = Set(group.items.map { string($0, "cutoff") }).sorted()
            return group.key + ["\(cutoffs.count)", "\(group.items.count)"]
                + columns.map { c -> String in
                    let s = Spread(group.items.map { number($0, c.0) })
                    guard s.count > 0 else { return "–" }
                    return String(format: "%.3f ± %.3f [%.3f, %.3f]", s.mean, s.sd, s.min, s.max)
                }
        }
        let range = Set(rolling.map { string($0, "cutoff") }).sorted()
        return "## Rolling backtest: spread over cutoffs \(range.first ?? "") to "
            + "\(range.last ?? "") and seeds (mean ± sd [min, max])\n\n"
            + table(["target", "model", "cutoffs", "runs"] + columns.map(\.1), rows)
    }

    /// One row per target and model, one column per cutoff: the metric's mean over seeds.
    static func rollingByCutoffTable(_ records: [Record], metric: String, title: String) -> String
    {
        let rolling = records.filter { string($0, "protocol") == "rolling-backtest" }
        guard !rolling.isEmpty else { return "" }
        let cutoffs = Set(rolling.map { string($0, "cutoff") }).sorted()
        let rows = groups(rolling, by: ["target", "model"]).map { group in
            group.key + cutoffs.map { cutoff in
                cell(group.items.filter { string($0, "cutoff") == cutoff }.map {
                    number($0, metric)
                })
            }
        }
        return "### Rolling backtest: \(title) per cutoff (mean ± sd over seeds)\n\n"
            + table(["target", "model"] + cutoffs, rows)
    }
}
