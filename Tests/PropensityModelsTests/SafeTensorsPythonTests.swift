import Foundation
import Testing

@testable import PropensityModels

/// The weights file as Python's `safetensors` (PyPI) and numpy read it: names, shapes, dtype
/// and every value. Python comes from `PROPENSITY_PYTHON` or `.build/pyenv` (made by
/// `scripts/python-env.sh`, which `make test` runs); without it the suite is skipped.
@Suite(.enabled(if: PythonSafeTensors.python != nil,
                "needs python with safetensors and numpy: run scripts/python-env.sh"))
struct SafeTensorsPythonTests {
    @Test(arguments: ModelKind.allCases)
    func pythonSafetensorsReadsEveryTensorExactly(kind: ModelKind) throws {
        let small = try SmallModel(kind: kind)
        let folder = try temporaryFolder()
        let paths = try small.file.save(to: folder.appendingPathComponent("m"))
        let output = try PythonSafeTensors.run([
            PythonSafeTensors.script.path, paths.weights.path,
        ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let metadata = try #require(object["metadata"] as? [String: String])
        #expect(metadata["format"] == "propensity-model")
        #expect(metadata["model"] == kind.rawValue)
        let tensors = try #require(object["tensors"] as? [String: [String: Any]])
        let parameters = small.file.model.parameters
        #expect(Set(tensors.keys) == Set(parameters.map(\.name)))
        for parameter in parameters {
            let tensor = try #require(tensors[parameter.name])
            #expect(tensor["shape"] as? [Int] == parameter.shape, "\(parameter.name)")
            #expect(tensor["dtype"] as? String == "float32")
            let values = try #require(tensor["values"] as? [Double])
            // float32 widened to double and back is exact.
            #expect(values.map { Float($0).bitPattern } == parameter.value.map(\.bitPattern),
                    "\(parameter.name)")
        }
    }
}

enum PythonSafeTensors {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/read_safetensors.py")

    /// A python that imports safetensors and numpy, if there is one.
    static let python: URL? = {
        let candidates = [
            ProcessInfo.processInfo.environment["PROPENSITY_PYTHON"],
            packageRoot.appendingPathComponent(".build/pyenv/bin/python").path,
        ].compactMap { $0 }
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            let url = URL(fileURLWithPath: path)
            if (try? execute(url, ["-c", "import safetensors, numpy"])) != nil { return url }
        }
        return nil
    }()

    static func run(_ arguments: [String]) throws -> String {
        try execute(python!, arguments)
    }

    struct Failed: Error, CustomStringConvertible { var description: String }

    static func execute(_ url: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(
                description: "\(url.path) \(arguments) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
