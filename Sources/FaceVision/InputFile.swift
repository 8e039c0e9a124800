import Foundation

/// Reads a whole input file with a size bound, turning every failure into a
/// one-line error that names the file.
enum InputFile {
    static func read(_ path: String, maxBytes: Int) throws(FaceVisionError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FaceVisionError(.inputUnreadable, "\(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw FaceVisionError(.inputUnreadable, "\(path): is a directory, not a file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FaceVisionError(.inputUnreadable, "\(path): cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            guard data.count <= maxBytes else {
                throw FaceVisionError(.imageTooLarge, "\(path): larger than the limit of \(maxBytes) bytes")
            }
            return [UInt8](data)
        } catch let error as FaceVisionError {
            throw error
        } catch {
            throw FaceVisionError(.inputUnreadable, "\(path): read failed (\(error.localizedDescription))")
        }
    }
}
