import Foundation

/// Writes a set of files into a folder all at once: everything goes to a temporary folder next to
/// it first, then moves into place, so an error never leaves a half-written output folder.
enum OutputFolder {

    static func replaceFiles(in folder: String, with files: [String: String], removingStale: Bool) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw CommandFailure("the folder \(parent.path) does not exist; create it or choose another --out")
        }
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: staging.appendingPathComponent(name)) }
        } catch {
            try? fm.removeItem(at: staging)
            throw CommandFailure("cannot write to \(parent.path) (\(error.localizedDescription)); choose a writable --out")
        }
        do {
            if !fm.fileExists(atPath: target.path) { try fm.createDirectory(at: target, withIntermediateDirectories: true) }
            if removingStale {
                for old in try fm.contentsOfDirectory(atPath: target.path) where (old.hasSuffix(".v") || old.hasSuffix(".cpp") || old.hasSuffix(".vlt") || old.hasSuffix(".h")) && files[old] == nil {
                    try fm.removeItem(at: target.appendingPathComponent(old))
                }
            }
            for name in files.keys.sorted() {
                let destination = target.appendingPathComponent(name)
                if fm.fileExists(atPath: destination.path) { try fm.removeItem(at: destination) }
                try fm.moveItem(at: staging.appendingPathComponent(name), to: destination)
            }
            try? fm.removeItem(at: staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw CommandFailure("cannot write to \(target.path) (\(error.localizedDescription)); choose a writable --out")
        }
    }
}
