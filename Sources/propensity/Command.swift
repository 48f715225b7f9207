import Foundation
import PropensityData
import PropensityEvaluation
import PropensityModels
import PropensitySamples

/// A subcommand: its help text and what it does with its arguments.
protocol Command {
    static var help: String { get }
    static func run(_ arguments: [String]) throws
}

/// Facts about the tool itself, and how its errors reach the user.
enum Tool {
    static let version = "0.1.0"

    /// The message and exit code for an error that reached the command line.
    static func describe(_ error: Error) -> (String, ExitCode) {
        switch error {
        case let error as ConfigError:
            return (error.description, .usage)
        case let error as DataError:
            return ("\(error)", error.code == .unreadable ? .missingInput : .badData)
        case let error as SampleError:
            // A target or settings that cannot work are the config's fault, like ConfigError.
            let isConfig = error.code == .invalidTarget || error.code == .invalidSettings
            return ("\(error)", isConfig ? .usage : .badData)
        case let error as ReportError:
            if case .missing = error { return ("\(error)", .missingInput) }
            return ("\(error)", .badData)
        case let error as ModelError:
            return ("\(error)", error.code == .unreadable ? .missingInput : .badData)
        case let error as CocoaError:
            // Foundation's description of a file error is a dump of its domain and user info.
            let path = error.filePath ?? error.url?.path
            let message = error.localizedDescription + (path.map { " (\($0))" } ?? "")
            if error.code == .fileReadNoSuchFile { return (message, .missingInput) }
            if error.isFileError && error.code != .fileWriteOutOfSpace {
                return ("cannot use that path: \(message)", .usage)
            }
            return ("internal failure: \(message)", .internalFailure)
        default:
            return ("internal failure: \(error)", .internalFailure)
        }
    }
}
