/// A small command-line parser: positional arguments, `--flag value`, `--flag=value` and
/// boolean `--switch`es, with errors that name the flag.
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: String] = [:]
    private var switches: Set<String> = []

    /// - Parameters:
    ///   - valued: flags that take a value.
    ///   - booleans: flags that take none.
    init(_ arguments: [String], valued: Set<String>, booleans: Set<String> = []) throws {
        var k = 0
        while k < arguments.count {
            let argument = arguments[k]
            k += 1
            guard argument.hasPrefix("--") else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if booleans.contains(name) {
                guard value == nil else { throw UsageError("--\(name) takes no value") }
                switches.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard k < arguments.count else { throw UsageError("--\(name) needs a value") }
                    value = arguments[k]
                    k += 1
                }
                options[name] = value
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
    }

    func value(_ name: String) -> String? { options[name] }

    func flag(_ name: String) -> Bool { switches.contains(name) }

    func integer(_ name: String) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let number = Int(text) else {
            throw UsageError("--\(name) expects a whole number, got '\(text)'")
        }
        return number
    }
}

/// Bad usage of the command line: exit code 64.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
