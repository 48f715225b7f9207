import Foundation
let traceStart = Date()
let traceOn = ProcessInfo.processInfo.environment["PTRACE"] != nil
func trace(_ s: String) { if traceOn { FileHandle.standardError.write("\(s) \(String(format: "%.4f", Date().timeIntervalSince(traceStart)))\n".data(using: .utf8)!) } }
