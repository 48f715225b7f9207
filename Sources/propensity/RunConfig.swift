import Foundation
import PropensityData
import PropensityModels
import PropensitySamples

/// The JSON config that drives `propensity run`: where the data is, what to predict, and the
/// settings of samples, models and training. Every section but `target` may be left out or
/// given in part; what is missing takes METHOD.md's reference value.
struct RunConfig {
    /// Data files. Relative paths are resolved against the config file's folder, and `--data`
    /// on the command line replaces `directory` (or `store`, when it names a `.store` file).
    /// With `store` set, the event store written by `propensity ingest` is read instead of
    /// the raw files. `columns` and `catalogColumns` map the user's own column names
    /// (default: Complete Journey's).
    struct DataFiles: Codable {
        var directory = "data/completejourney"
        var transactions = "transactions.parquet"
        var products = "products.parquet"
        var store: String?
        var columns: TransactionColumns?
        var catalogColumns: CatalogColumns?
        /// `iso8601` (default), `epoch-seconds`, `epoch-milliseconds` or a pattern.
        var timeFormat: String?
        /// `UTC`, `+02:00` or an IANA name; without it times are taken as written.
        var timeZone: String?
    }

    /// The end of data at which to rank customers: `asOf`, or else the day after the last
    /// event in the data.
    struct Scoring: Codable {
        var asOf: LocalDate?
    }

    var name: String
    var data = DataFiles()
    var target: Target
    var samples = SampleSettings()
    var models: [ModelName] = ModelName.all
    /// `balanced-test` and `backtest` (METHOD.md's evaluation 1 and 2).
    var protocols = ["balanced-test", "backtest"]
    var training = TrainingSettings()
    /// The xgboost baseline's settings (METHOD.md's by default).
    var xgboost = XGBoostSettings()
    var scoring = Scoring()
    var bootstrapResamples = 1000

    /// The folder of the config file, for relative data paths.
    var baseDirectory = URL(fileURLWithPath: ".")

    var dataDirectory: URL {
        URL(fileURLWithPath: data.directory, relativeTo: baseDirectory).standardizedFileURL
    }

    /// The event store to read instead of the raw files, when one is configured.
    var storeURL: URL? {
        data.store.map {
            URL(fileURLWithPath: $0, relativeTo: baseDirectory).standardizedFileURL
        }
    }

    var transactionsURL: URL { dataDirectory.appendingPathComponent(data.transactions) }
    var productsURL: URL { dataDirectory.appendingPathComponent(data.products) }

    /// How the raw files' times are read; `onBadRow` is the caller's.
    func loadOptions(onBadRow: LoadOptions.BadRowPolicy = .fail) throws -> LoadOptions {
        try Self.loadOptions(
            format: data.timeFormat, zone: data.timeZone, onBadRow: onBadRow, place: "`data.")
    }

    /// Load options from the spellings of config keys or flags (`place` names them).
    static func loadOptions(
        format: String?, zone: String?, onBadRow: LoadOptions.BadRowPolicy, place: String
    ) throws -> LoadOptions {
        var time = TimeSettings()
        if let format {
            guard let parsed = TimeFormat(format) else {
                throw ConfigError(
                    "\(place)timeFormat` '\(format)' is unknown; use iso8601, epoch-seconds, "
                        + "epoch-milliseconds or a pattern like %d/%m/%Y %H:%M:%S")
            }
            time.format = parsed
        }
        if let zone {
            guard let parsed = TimeSettings.zone(named: zone) else {
                throw ConfigError(
                    "\(place)timeZone` '\(zone)' is unknown; use UTC, an offset like +02:00 "
                        + "or a name like Europe/Berlin")
            }
            time.zone = parsed
        }
        return LoadOptions(time: time, onBadRow: onBadRow)
    }

    /// Throws unless the target's values are categories of `log` (see `Target.checkValues`).
    func checkTarget(in log: EventLog) throws {
        // A store keeps the level names it was ingested with, which the config may not know.
        let levels = storeURL == nil ? (data.catalogColumns ?? .completeJourney).levels : []
        let level = target.level - 1
        try target.checkValues(in: log, levelName: levels.indices.contains(level)
            ? levels[level] : nil)
    }

    /// Applies `--data PATH`: a `.store` file replaces `data.store`, anything else is the
    /// folder of the raw files (and drops a configured store). Relative to the working folder.
    mutating func useData(_ path: String) {
        if path.hasSuffix(".store") {
            data.store = path
        } else {
            data.directory = path
            data.store = nil
        }
        baseDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Reads and checks a config; unknown keys are errors, so a typo never passes silently.
    static func load(_ url: URL) throws -> RunConfig {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw ConfigError("cannot read config \(url.path): \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
            throw ConfigError("\(url.path) is not a JSON object")
        }
        let file = url.lastPathComponent
        try checkKeys(object, allowed: [
            "name", "data", "target", "samples", "models", "training", "scoring",
            "bootstrapResamples", "protocols", "xgboost",
        ], in: file)
        guard let targetObject = object["target"] else {
            throw ConfigError("\(file): `target` is missing; give name, level and values")
        }
        let target: Target = try decode(targetObject, as: Target.self, key: "target", in: file)
        var config = RunConfig(name: object["name"] as? String ?? target.name, target: target)
        config.baseDirectory = url.deletingLastPathComponent()
        config.data = try merged(config.data, object["data"], key: "data", in: file)
        config.samples = try merged(config.samples, object["samples"], key: "samples", in: file)
        config.training = try merged(config.training, object["training"], key: "training", in: file)
        config.scoring = try merged(config.scoring, object["scoring"], key: "scoring", in: file)
        config.xgboost = try merged(config.xgboost, object["xgboost"], key: "xgboost", in: file)
        if let models = object["models"] {
            let names = try decode(models, as: [String].self, key: "models", in: file)
            config.models = try names.map { name in
                guard let model = ModelName(name) else {
                    throw ConfigError("\(file): unknown model `\(name)` in `models`; known: "
                        + ModelName.all.map(\.description).joined(separator: ", "))
                }
                return model
            }
        }
        if let protocols = object["protocols"] {
            config.protocols = try decode(protocols, as: [String].self, key: "protocols", in: file)
            for name in config.protocols where !["balanced-test", "backtest"].contains(name) {
                throw ConfigError(
                    "\(file): unknown protocol `\(name)`; use balanced-test and/or backtest")
            }
        }
        if let resamples = object["bootstrapResamples"] {
            config.bootstrapResamples = try decode(
                resamples, as: Int.self, key: "bootstrapResamples", in: file)
        }
        do {
            try config.target.validate()
            try config.samples.validate()
        } catch {
            throw ConfigError("\(file): \(error)")
        }
        guard !config.models.isEmpty else {
            throw ConfigError("\(file): `models` is empty; name at least one of "
                + ModelName.all.map(\.description).joined(separator: ", "))
        }
        if let problem = config.trainingProblem() { throw ConfigError("\(file): \(problem)") }
        return config
    }

    /// What is wrong with the training settings, or nil; checked after the config is read and
    /// again after command-line flags replace some of them.
    func trainingProblem() -> String? {
        guard training.batchSize > 0, training.epochs > 0, (1...64).contains(training.threads),
              training.learningRate > 0, training.learningRate.isFinite
        else {
            return "training needs batchSize > 0, epochs > 0, threads 1...64 and "
                + "learningRate > 0 (got batchSize \(training.batchSize), epochs "
                + "\(training.epochs), threads \(training.threads), learningRate "
                + "\(training.learningRate))"
        }
        return nil
    }

    /// `defaults` with the keys given in `partial` replaced.
    private static func merged<T: Codable>(
        _ defaults: T, _ partial: Any?, key: String, in file: String
    ) throws -> T {
        guard let partial else { return defaults }
        guard let given = partial as? [String: Any] else {
            throw ConfigError("\(file): `\(key)` must be a JSON object")
        }
        let encoder = JSONEncoder()
        let base = try JSONSerialization.jsonObject(with: encoder.encode(defaults))
        var object = base as? [String: Any] ?? [:]
        let known = Set(object.keys).union(optionalKeys(of: T.self))
        try checkKeys(given, allowed: known, in: file, section: key)
        object.merge(given) { _, new in new }
        return try decode(object, as: T.self, key: key, in: file)
    }

    /// Optional keys that encode to nothing by default but are still allowed.
    private static func optionalKeys<T>(of type: T.Type) -> Set<String> {
        if type == Scoring.self { return ["asOf"] }
        if type == DataFiles.self {
            return ["store", "columns", "catalogColumns", "timeFormat", "timeZone"]
        }
        return []
    }

    private static func checkKeys(
        _ object: [String: Any], allowed: Set<String>, in file: String, section: String? = nil
    ) throws {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let place = section.map { "`\($0).\(key)`" } ?? "`\(key)`"
            throw ConfigError(
                "\(file): unknown key \(place); known keys: "
                    + allowed.sorted().joined(separator: ", "))
        }
    }

    private static func decode<T: Decodable>(
        _ value: Any, as type: T.Type, key: String, in file: String
    ) throws -> T {
        do {
            let bytes = try JSONSerialization.data(
                withJSONObject: value, options: [.fragmentsAllowed])
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               let (path, number) = misfitNumber(in: value, as: type)
            {
                throw ConfigError(
                    "\(file): `\(key)\(path)` must be a whole number, found \(number)")
            }
            throw ConfigError("\(file): \(error.plainSummary(in: value, under: key))")
        }
    }

    /// The number that made decoding fail without naming a key, and where it is (`.a[1]`).
    ///
    /// Foundation reports a fraction or a huge number where a whole number belongs only as
    /// "not valid JSON", with no key. Each number that is not a 64-bit whole number is set to
    /// 0 in turn: the one whose change gets decoding past that error is the one to name.
    private static func misfitNumber<T: Decodable>(
        in value: Any, as type: T.Type
    ) -> (path: String, number: NSNumber)? {
        var candidates: [(path: [Any], number: NSNumber)] = []
        func walk(_ node: Any, _ path: [Any]) {
            if let object = node as? [String: Any] {
                for (key, child) in object { walk(child, path + [key]) }
            } else if let array = node as? [Any] {
                for (index, child) in array.enumerated() { walk(child, path + [index]) }
            } else if let number = node as? NSNumber, Int64(exactly: number.doubleValue) == nil {
                candidates.append((path, number))
            }
        }
        walk(value, [])
        func replacing(_ node: Any, _ path: ArraySlice<Any>) -> Any {
            guard let step = path.first else { return NSNumber(value: 0) }
            if var object = node as? [String: Any], let key = step as? String {
                object[key] = replacing(object[key]!, path.dropFirst())
                return object
            }
            if var array = node as? [Any], let index = step as? Int {
                array[index] = replacing(array[index], path.dropFirst())
                return array
            }
            return node
        }
        for candidate in candidates {
            let changed = replacing(value, candidate.path[...])
            do {
                let bytes = try JSONSerialization.data(
                    withJSONObject: changed, options: [.fragmentsAllowed])
                _ = try JSONDecoder().decode(T.self, from: bytes)
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch {}
            let path = candidate.path.map { step in
                (step as? Int).map { "[\($0)]" } ?? ".\(step)"
            }.joined()
            return (path, candidate.number)
        }
        return nil
    }
}

/// A config that cannot be used: exit code 64, with the file and key to fix.
struct ConfigError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
