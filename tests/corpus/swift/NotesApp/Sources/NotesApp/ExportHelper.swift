import Foundation

/// macOS helper that exports notes into an archive.
struct ExportHelper {
    let folder: String

    func archive(named name: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // techlead-expect: swift-shell-command-interpolation
        p.arguments = ["-c", "tar -czf ~/Desktop/\(name).tgz \(folder)"]
        try p.run()
    }

    func archiveSafely(named name: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        // techlead-safe
        p.arguments = ["-czf", NSHomeDirectory() + "/Desktop/" + name + ".tgz", folder]
        try p.run()
    }

    func reveal() {
        // techlead-expect: swift-shell-command-interpolation
        _ = popen("open \(folder)", "r")
    }

    func version() throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // techlead-safe
        p.arguments = ["-c", "sw_vers -productVersion"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
