import Foundation

/// Small helpers shared by the report's chart and page code: escaping, number formatting,
/// axis ticks and the model palette.
enum SVG {
    /// Text safe inside HTML and SVG, attributes included.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with two decimals: enough for a screen, short in the file.
    static func coordinate(_ x: Double) -> String { String(format: "%.2f", x) }

    /// A number for a reader: `digits` decimals, "–" when undefined.
    static func number(_ x: Double, digits: Int = 3) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "–"
    }

    /// A count with thousands separators: 1,460,438.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// About `target` round tick values covering `[low, high]`: steps of 1, 2 or 5 times a
    /// power of ten.
    static func ticks(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let raw = (high - low) / Double(max(target, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var values: [Double] = []
        var v = (low / step).rounded(.up) * step
        while v <= high + step * 1e-9 {
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return values
    }

    /// A tick label with as many decimals as the tick step needs.
    static func tickLabel(_ x: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : min(Int((-log10(step)).rounded(.up)), 4)
        return String(format: "%.\(decimals)f", x)
    }

    /// Okabe-Ito colours, readable by colour-blind readers; the known models keep one colour
    /// throughout the report.
    static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999",
    ]
    static let modelOrder = ["cnn-lstm", "lstm", "xgboost", "logistic", "recency"]

    static func color(model: String, among models: [String]) -> String {
        if let k = modelOrder.firstIndex(of: model) { return palette[k] }
        let others = models.filter { !modelOrder.contains($0) }
        let k = others.firstIndex(of: model) ?? 0
        return palette[(modelOrder.count + k) % palette.count]
    }

    /// Models in report order: the known ones first, then others as they come.
    static func ordered(_ models: [String]) -> [String] {
        var seen = Set<String>()
        let unique = models.filter { seen.insert($0).inserted }
        let known = modelOrder.filter(unique.contains)
        return known + unique.filter { !modelOrder.contains($0) }
    }
}
